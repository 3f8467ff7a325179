using System.Runtime.Versioning;
using Hiroba.AppHost;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.AppHost;

[SupportedOSPlatform("linux")]
public sealed class LocalSecretsTests : IDisposable
{
    private readonly TemporaryDirectory _data = new("apphost-secrets");

    [Fact]
    public async Task Secrets_are_generated_once_and_reused_on_the_next_start()
    {
        var first = await LocalSecrets.LoadOrCreateAsync(_data.Path, adminPasswordOverride: null, CancellationToken.None);
        var second = await LocalSecrets.LoadOrCreateAsync(_data.Path, adminPasswordOverride: null, CancellationToken.None);

        Assert.Equal(first, second);
        string[] all = [first.AdminPassword, first.MqttServicePassword, first.TurnSecret, first.JanusApiSecret];
        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.All(all, secret => Assert.True(secret.Length >= 24));
    }

    [Fact]
    public async Task Secret_files_are_readable_by_the_owner_only()
    {
        var secrets = await LocalSecrets.LoadOrCreateAsync(_data.Path, adminPasswordOverride: null, CancellationToken.None);

        var folder = Path.Combine(_data.Path, LocalSecrets.FolderName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.All(Directory.GetFiles(folder), file => Assert.Equal(SecretFile.OwnerOnly, File.GetUnixFileMode(file)));
        Assert.Equal(secrets.AdminPassword, (await File.ReadAllTextAsync(Path.Combine(folder, LocalSecrets.AdminPasswordFile))).Trim());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_data_folder_is_the_owners_alone_also_when_an_older_release_left_it_readable(bool existedReadable)
    {
        var data = Path.Combine(_data.Path, "data");
        if (existedReadable)
        {
            Directory.CreateDirectory(data);
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        await LocalSecrets.LoadOrCreateAsync(data, adminPasswordOverride: null, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
    }

    [Fact]
    public async Task An_admin_password_from_the_environment_wins_and_is_not_written_down()
    {
        var secrets = await LocalSecrets.LoadOrCreateAsync(_data.Path, "from-the-environment", CancellationToken.None);

        Assert.Equal("from-the-environment", secrets.AdminPassword);
        Assert.Equal("HIROBA_ADMIN_PASSWORD", secrets.AdminPasswordSource);
        Assert.False(File.Exists(Path.Combine(_data.Path, LocalSecrets.FolderName, LocalSecrets.AdminPasswordFile)));
    }

    [Fact]
    public async Task A_damaged_secret_file_is_a_clear_error_naming_the_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_data.Path, LocalSecrets.FolderName)).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, LocalSecrets.TurnSecretFile), "short");

        var error = await Assert.ThrowsAsync<RunSettingsException>(
            () => LocalSecrets.LoadOrCreateAsync(_data.Path, adminPasswordOverride: null, CancellationToken.None));

        Assert.Contains(LocalSecrets.TurnSecretFile, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
