using System.Globalization;

namespace Hiroba.Launcher;

/// <summary>What the local run is told through the environment.</summary>
/// <param name="DataPath">HIROBA_DATA (default ./data): secrets, key ring, service data, broker and TURN files.</param>
/// <param name="GatewayPort">HIROBA_PORT (default 8080): the only port meant for browsers.</param>
/// <param name="AdminPassword">HIROBA_ADMIN_PASSWORD; when absent a generated one is kept in the data folder.</param>
/// <param name="ViewerPassword">HIROBA_VIEWER_PASSWORD; optional.</param>
/// <param name="Cameras">HIROBA_CAMERAS: Momo cameras in p2p mode, <c>id=ws://host:8080/ws</c> separated by spaces or commas.</param>
internal sealed record LauncherSettings(
    string DataPath, int GatewayPort, string? AdminPassword, string? ViewerPassword, string BuildConfiguration,
    IReadOnlyList<LocalCamera> Cameras)
{
    public const int DefaultGatewayPort = 8080;
    public const int MinimumPasswordLength = 12;

    public static LauncherSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var portText = NonEmpty(variable("HIROBA_PORT"));
        var port = DefaultGatewayPort;
        if (portText is not null
            && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            throw new LauncherSettingsException($"HIROBA_PORT must be a port number (1-65535), not '{portText}'.");
        }
        var adminPassword = NonEmpty(variable("HIROBA_ADMIN_PASSWORD"));
        if (adminPassword is { Length: < MinimumPasswordLength })
        {
            throw new LauncherSettingsException($"HIROBA_ADMIN_PASSWORD must have at least {MinimumPasswordLength} characters.");
        }
        return new LauncherSettings(
            Path.GetFullPath(NonEmpty(variable("HIROBA_DATA")) ?? "data"),
            port,
            adminPassword,
            NonEmpty(variable("HIROBA_VIEWER_PASSWORD")),
            NonEmpty(variable("HIROBA_CONFIGURATION")) ?? "Release",
            LocalCamera.ParseList(variable("HIROBA_CAMERAS")));
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed class LauncherSettingsException(string message) : Exception(message);
