using Hiroba.LocalComponents;
using Hiroba.ServiceDefaults;

namespace Hiroba.AppHost;

/// <summary>
/// The secrets of the local run, generated once with the CSPRNG and kept in <c>&lt;data&gt;/secrets/</c> (files 0600),
/// so that restarts keep passwords, broker credentials, the TURN secret, Janus's API secret and the password of the
/// PostgreSQL database that replicas share.
/// </summary>
internal sealed record LocalSecrets(
    string AdminPassword, string AdminPasswordSource, string MqttServicePassword, string TurnSecret, string JanusApiSecret,
    string DatabasePassword)
{
    public const string FolderName = "secrets";
    public const string AdminPasswordFile = "admin-password";
    public const string MqttServicePasswordFile = "mqtt-service-password";
    public const string TurnSecretFile = "turn-secret";
    public const string JanusApiSecretFile = "janus-api-secret";
    public const string DatabasePasswordFile = "database-password";
    public const string AdminPasswordVariable = "HIROBA_ADMIN_PASSWORD";

    public static async Task<LocalSecrets> LoadOrCreateAsync(
        string dataPath, string? adminPasswordOverride, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateFolder(dataPath);
        var folder = PrivateFiles.CreateFolder(Path.Combine(dataPath, FolderName));

        string adminPassword, adminSource;
        if (adminPasswordOverride is not null)
        {
            (adminPassword, adminSource) = (adminPasswordOverride, AdminPasswordVariable);
        }
        else
        {
            var adminFile = Path.Combine(folder, AdminPasswordFile);
            (adminPassword, adminSource) = (await LoadOrCreateAsync(adminFile, 18, cancellationToken), adminFile);
        }
        return new LocalSecrets(
            adminPassword,
            adminSource,
            await LoadOrCreateAsync(Path.Combine(folder, MqttServicePasswordFile), 32, cancellationToken),
            await LoadOrCreateAsync(Path.Combine(folder, TurnSecretFile), 32, cancellationToken),
            await LoadOrCreateAsync(Path.Combine(folder, JanusApiSecretFile), 32, cancellationToken),
            await LoadOrCreateAsync(Path.Combine(folder, DatabasePasswordFile), 32, cancellationToken));
    }

    private static async Task<string> LoadOrCreateAsync(string path, int randomBytes, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            var secret = Secrets.Create(randomBytes);
            await SecretFile.WriteAsync(path, secret + "\n", cancellationToken);
            return secret;
        }
        var stored = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        if (stored.Length < RunSettings.MinimumPasswordLength || stored.Any(char.IsWhiteSpace))
        {
            throw new RunSettingsException(
                $"{path} must hold one secret of at least {RunSettings.MinimumPasswordLength} characters without spaces; delete it to generate a new one.");
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, SecretFile.OwnerOnly);
        }
        return stored;
    }
}
