using System.Runtime.InteropServices;
using Hiroba.Launcher;
using Hiroba.LocalComponents;

using var stopping = new CancellationTokenSource();
void RequestStop(PosixSignalContext signal)
{
    signal.Cancel = true;
    if (!stopping.IsCancellationRequested)
    {
        ConsoleOutput.Say($"{signal.Signal}: stopping everything");
        stopping.Cancel();
    }
}
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestStop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestStop);

LauncherSettings settings;
LocalSecrets secrets;
try
{
    settings = LauncherSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    if (!FreePorts.IsTcpFree(settings.GatewayPort))
    {
        throw new LauncherSettingsException($"Port {settings.GatewayPort} on 127.0.0.1 is in use; set HIROBA_PORT to a free one.");
    }
    secrets = await LocalSecrets.LoadOrCreateAsync(settings.DataPath, settings.AdminPassword, stopping.Token);
}
catch (LauncherSettingsException e)
{
    ConsoleOutput.Say(e.Message);
    return 2;
}

var exitCode = 0;
LocalRun? run = null;
try
{
    ConsoleOutput.Say($"starting mosquitto, coturn and {HirobaService.Backends.Count + 1} services (data: {settings.DataPath})");
    var startedAt = TimeProvider.System.GetTimestamp();
    run = new LocalRun(settings, secrets, RepositoryRoot.Find());
    await run.StartAsync(stopping.Token);
    StartupSummary.Print(run, secrets, TimeProvider.System.GetElapsedTime(startedAt));
    var supervisor = new Supervisor(TimeProvider.System, ConsoleOutput.Say);
    await Task.WhenAll(run.Components.Select(component => supervisor.SuperviseAsync(component, stopping.Token)));
}
catch (Exception) when (stopping.IsCancellationRequested)
{
    // Ctrl+C reaches the children too, so start-up may fail in any way once a stop was asked for.
}
catch (Exception e) when (e is ChildProcessException or FileNotFoundException or ArgumentException or InvalidOperationException)
{
    ConsoleOutput.Say($"could not start: {e.Message}");
    exitCode = 1;
}
finally
{
    if (run is not null)
    {
        ConsoleOutput.Say("stopping services, then coturn and mosquitto");
        ConsoleOutput.Say($"stopped; exit codes: {string.Join(", ", await run.StopAsync())}");
        await run.DisposeAsync();
    }
}
return exitCode;
