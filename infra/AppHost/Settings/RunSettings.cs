using System.Globalization;

namespace Hiroba.AppHost;

/// <summary>What ./run is told through the environment.</summary>
/// <param name="DataPath">HIROBA_DATA (default ./data): secrets, key ring, service data, broker and TURN files, certificates, logs.</param>
/// <param name="GatewayPort">HIROBA_PORT (default 8080): plain HTTP, served to this machine's browser on 127.0.0.1 and redirected to HTTPS on the LAN address.</param>
/// <param name="AdminPassword">HIROBA_ADMIN_PASSWORD; when absent a generated one is kept in the data folder.</param>
/// <param name="ViewerPassword">HIROBA_VIEWER_PASSWORD; optional.</param>
/// <param name="Cameras">HIROBA_CAMERAS: Momo cameras in p2p mode, <c>id=ws://host:8080/ws</c> separated by spaces or commas.</param>
/// <param name="PublicUrl">HIROBA_PUBLIC_URL: the origin guests type; null picks the LAN address (see <see cref="PublicEndpoint"/>).</param>
/// <param name="TlsCertificatePath">HIROBA_TLS_CERT: the operator's PEM certificate instead of the local CA's.</param>
/// <param name="TlsKeyPath">HIROBA_TLS_KEY: its PEM private key.</param>
/// <param name="TurnPort">HIROBA_TURN_PORT (default 3478 on the LAN, a free one on loopback): coturn's UDP and TCP port.</param>
/// <param name="DashboardPort">HIROBA_DASHBOARD (default on, port 18888 on 127.0.0.1; a port number; <c>off</c>): null runs without the dashboard.</param>
/// <param name="Replicas">
/// HIROBA_REPLICAS (default 1, at most <see cref="MaxReplicas"/>): how many processes of each service that can run as
/// several (Feed, Signaling) the gateway spreads its clients over; above 1 they share a PostgreSQL database.
/// </param>
internal sealed record RunSettings(
    string DataPath, int GatewayPort, string? AdminPassword, string? ViewerPassword,
    IReadOnlyList<LocalCamera> Cameras, Uri? PublicUrl = null, string? TlsCertificatePath = null, string? TlsKeyPath = null,
    int? TurnPort = null, int? DashboardPort = null, int Replicas = 1)
{
    public const int DefaultGatewayPort = 8080;
    public const int MaxReplicas = 8;
    public const int DefaultDashboardPort = 18888;
    public const int MinimumPasswordLength = 12;

    /// <summary>The variables that hold passwords: read once here, then only the gateway gets them, through its settings.</summary>
    public static IReadOnlyList<string> PasswordVariables { get; } = ["HIROBA_ADMIN_PASSWORD", "HIROBA_VIEWER_PASSWORD"];

    public static RunSettings FromEnvironment(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var portText = NonEmpty(variable("HIROBA_PORT"));
        var port = portText is null ? DefaultGatewayPort : Port("HIROBA_PORT", portText);
        var adminPassword = NonEmpty(variable("HIROBA_ADMIN_PASSWORD"));
        if (adminPassword is { Length: < MinimumPasswordLength })
        {
            throw new RunSettingsException($"HIROBA_ADMIN_PASSWORD must have at least {MinimumPasswordLength} characters.");
        }
        var publicUrl = PublicUrlFrom(NonEmpty(variable("HIROBA_PUBLIC_URL")));
        if (publicUrl is { Scheme: "http" })
        {
            if (portText is not null && port != publicUrl.Port)
            {
                throw new RunSettingsException(
                    $"HIROBA_PORT ({port}) and HIROBA_PUBLIC_URL ({publicUrl.Port}) name two ports for plain HTTP on this machine; set only one.");
            }
            port = publicUrl.Port;
        }
        else if (publicUrl is not null && publicUrl.Port == port)
        {
            throw new RunSettingsException(
                $"HIROBA_PUBLIC_URL's port {publicUrl.Port} is also HIROBA_PORT (plain HTTP, default {DefaultGatewayPort}); give them different ports.");
        }
        var certificate = NonEmpty(variable("HIROBA_TLS_CERT"));
        var key = NonEmpty(variable("HIROBA_TLS_KEY"));
        if ((certificate is null) != (key is null))
        {
            throw new RunSettingsException(certificate is null
                ? "HIROBA_TLS_KEY needs HIROBA_TLS_CERT, the PEM certificate it belongs to."
                : "HIROBA_TLS_CERT needs HIROBA_TLS_KEY, its PEM private key.");
        }
        var turnPortText = NonEmpty(variable("HIROBA_TURN_PORT"));
        var dashboard = NonEmpty(variable("HIROBA_DASHBOARD"));
        var replicas = NonEmpty(variable("HIROBA_REPLICAS"));
        return new RunSettings(
            Path.GetFullPath(NonEmpty(variable("HIROBA_DATA")) ?? "data"),
            port,
            adminPassword,
            NonEmpty(variable("HIROBA_VIEWER_PASSWORD")),
            LocalCamera.ParseList(variable("HIROBA_CAMERAS")),
            publicUrl,
            certificate is null ? null : Path.GetFullPath(certificate),
            key is null ? null : Path.GetFullPath(key),
            turnPortText is null ? null : Port("HIROBA_TURN_PORT", turnPortText),
            dashboard switch
            {
                null or "on" => DefaultDashboardPort,
                "off" => null,
                _ => int.TryParse(dashboard, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535
                    ? number
                    : throw new RunSettingsException($"HIROBA_DASHBOARD must be on, off or a port number (1-65535), not '{dashboard}'."),
            },
            replicas is null
                ? 1
                : int.TryParse(replicas, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= MaxReplicas
                    ? count
                    : throw new RunSettingsException($"HIROBA_REPLICAS must be a number of processes from 1 to {MaxReplicas}, not '{replicas}'."));
    }

    private static Uri? PublicUrlFrom(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")
            || url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new RunSettingsException(
                $"HIROBA_PUBLIC_URL must be an origin such as https://192.168.1.20:8443 (or http://127.0.0.1:8080 for this machine only), not '{text}'.");
        }
        if (url.Scheme == "http" && !url.IsLoopback)
        {
            throw new RunSettingsException(
                $"HIROBA_PUBLIC_URL {text}: plain http is for this machine only (http://127.0.0.1:8080); browsers allow screen sharing, calls and cameras over the network only with https.");
        }
        return url;
    }

    private static int Port(string variable, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? port
            : throw new RunSettingsException($"{variable} must be a port number (1-65535), not '{text}'.");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed class RunSettingsException(string message) : Exception(message);
