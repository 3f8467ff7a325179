namespace Hiroba.Launcher;

/// <summary>What the user needs once everything is up: where to go, how to sign in, how to stop.</summary>
internal static class StartupSummary
{
    public static void Print(LocalRun run, LocalSecrets secrets, TimeSpan startupTime)
    {
        ConsoleOutput.Say("");
        ConsoleOutput.Say($"Hiroba is up after {startupTime.TotalSeconds:0.0} s: {run.GatewayUri}");
        ConsoleOutput.Say($"admin password: {secrets.AdminPassword}  (from {secrets.AdminPasswordSource})");
        ConsoleOutput.Say(run.Settings.ViewerPassword is null
            ? "viewer password: none (set HIROBA_VIEWER_PASSWORD to let viewers watch the cameras)"
            : "viewer password: from HIROBA_VIEWER_PASSWORD");
        ConsoleOutput.Say($"cameras: {run.Settings.Cameras.Count} from HIROBA_CAMERAS; the admin adds more at /api/cameras (docs/cameras.md)");
        foreach (var service in run.Backends)
        {
            ConsoleOutput.Say($"  {service.Name,-13} {service.BaseUri}");
        }
        ConsoleOutput.Say($"  {"mosquitto",-13} mqtt://{run.Mosquitto.Host}:{run.Mosquitto.Port} (services), ws://{run.Mosquitto.Host}:{run.Mosquitto.WebSocketPort} (public, read-only)");
        ConsoleOutput.Say($"  {"coturn",-13} turn:{run.Coturn.Host}:{run.Coturn.Port} (relay ports {run.Coturn.RelayPorts.Min}-{run.Coturn.RelayPorts.Max})");
        ConsoleOutput.Say($"Screen wall: the admin creates a workshop at {new Uri(run.GatewayUri, "/collect/new")}");
        ConsoleOutput.Say("Ctrl+C stops everything.");
        ConsoleOutput.Say("");
    }
}
