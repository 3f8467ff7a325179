namespace Hiroba.AppHost;

/// <summary>What a person needs once everything is up: where guests and the host go, what to trust, how to sign in, what to open in the firewall.</summary>
internal static class StartupSummary
{
    public static void Print(RunDescription run, DashboardAddress? dashboard, TimeSpan startupTime)
    {
        ArgumentNullException.ThrowIfNull(run);
        ConsoleOutput.WriteBlock(Lines(run, dashboard, startupTime, ConsoleOutput.IsTerminal));
        if (ConsoleOutput.IsTerminal && !run.Endpoint.IsThisMachineOnly)
        {
            ConsoleOutput.WriteBlock(["", $"  Guests scan this for {run.Endpoint.Url}:", .. TerminalQrCode.Lines(run.Endpoint.Url)]);
        }
        ConsoleOutput.WriteBlock(["", "Ctrl+C stops everything.", ""]);
    }

    /// <param name="toTerminal">Whether a person reads it: a password or sign-in link never goes into a file or a pipe.</param>
    public static IReadOnlyList<string> Lines(RunDescription run, DashboardAddress? dashboard, TimeSpan startupTime, bool toTerminal)
    {
        ArgumentNullException.ThrowIfNull(run);
        var (endpoint, secrets, settings) = (run.Endpoint, run.Secrets, run.Settings);
        var lines = new List<string> { "", $"Hiroba is up after {startupTime.TotalSeconds:0.0} s.", "" };
        if (endpoint.IsThisMachineOnly)
        {
            lines.Add($"  Open             {endpoint.Url}  (this machine only)");
        }
        else
        {
            lines.Add($"  Guests open      {endpoint.Url}");
            lines.Add($"  You open         {endpoint.HostUrl}  (this machine only, no certificate needed; or the guests' URL)");
        }
        if (run.Certificate is { } certificate)
        {
            lines.Add($"  Certificate      {certificate.Description}");
            if (certificate.CaFingerprintSha256 is { } fingerprint)
            {
                lines.Add($"  Guests trust it  at {endpoint.TrustUrl}, after comparing its SHA-256 fingerprint:");
                lines.Add($"                   {fingerprint}");
            }
            if (certificate.Warning is { } warning)
            {
                lines.Add($"  {warning}");
            }
        }
        lines.Add(toTerminal
            ? $"  Admin password   {secrets.AdminPassword}  (from {secrets.AdminPasswordSource})"
            : $"  Admin password   {(secrets.AdminPasswordSource == LocalSecrets.AdminPasswordVariable ? "from " : "in ")}{secrets.AdminPasswordSource} (shown only on a terminal)");
        lines.Add(settings.ViewerPassword is null
            ? "  Viewer password  none (set HIROBA_VIEWER_PASSWORD to let viewers watch the cameras)"
            : "  Viewer password  from HIROBA_VIEWER_PASSWORD");
        lines.Add($"  Screen wall      the admin creates a workshop at {new Uri(endpoint.Url, "/collect/new")}");
        lines.Add($"  Admin console    {new Uri(endpoint.Url, "/admin")} (workshops, rooms, guest links, cameras)");
        lines.Add($"  Cameras          {settings.Cameras.Count} from HIROBA_CAMERAS; the admin adds more in the console");
        if (!endpoint.IsThisMachineOnly)
        {
            lines.Add($"  Firewall         open {endpoint.Url.Port}/tcp (HTTPS), {endpoint.HttpPort}/tcp (trust page, redirect), " +
                $"{run.Turn.Port}/udp and /tcp (TURN), {run.Turn.RelayPorts.Min}-{run.Turn.RelayPorts.Max}/udp (TURN relays)" +
                (run.Media is { } media ? $", {media.MediaPorts.Min}-{media.MediaPorts.Max}/udp (shared cameras)" : ""));
        }
        if (dashboard is not null)
        {
            lines.Add(toTerminal
                ? $"  Dashboard        {dashboard.LoginUrl}  (this machine only; the link signs you in)"
                : $"  Dashboard        {dashboard.Url} (its sign-in link is shown only on a terminal)");
        }
        lines.Add($"  Logs             {run.LogsFolder} (one file per component); errors also show here");
        lines.Add($"  Internal         on 127.0.0.1: {string.Join(", ", run.Backends.Select(backend => $"{backend.Key.Name} {string.Join(" and ", backend.Value.Select(replica => replica.Port))}"))}, " +
            $"mosquitto {run.Broker.Port} (services) and {run.Broker.WebSocketPort} (websockets); coturn turn:{run.Turn.Host}:{run.Turn.Port}" +
            (run.Media is { } janus ? $"; janus {janus.ApiUrl.Port} (API)" : ""));
        return lines;
    }
}

/// <summary>What the summary tells about a run.</summary>
internal sealed record RunDescription(
    RunSettings Settings, LocalSecrets Secrets, PublicEndpoint Endpoint, GatewayCertificate? Certificate, string LogsFolder,
    MqttBroker Broker, TurnServer Turn, MediaServer? Media, IReadOnlyDictionary<HirobaService, IReadOnlyList<Uri>> Backends);

