using System.Runtime.InteropServices;
using Hiroba.Certificates;
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

// Every setting is checked before anything in the data folder is made or changed.
LauncherSettings settings;
MachineNetwork network;
PublicEndpoint endpoint;
GatewayCertificate? certificate = null;
LocalSecrets secrets;
try
{
    settings = LauncherSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    network = MachineNetwork.Current();
    endpoint = PublicEndpoint.Choose(settings, network);
    ListeningPorts.EnsureFree(settings, endpoint);
    if (endpoint.UsesTls && settings.TlsCertificatePath is not null)
    {
        certificate = GatewayCertificate.Operator(settings, endpoint, TimeProvider.System.GetUtcNow());
    }
    secrets = await LocalSecrets.LoadOrCreateAsync(settings.DataPath, settings.AdminPassword, stopping.Token);
    if (endpoint.UsesTls && certificate is null)
    {
        certificate = await GatewayCertificate.FromLocalCaAsync(settings.DataPath, endpoint, network, TimeProvider.System, stopping.Token);
    }
}
catch (Exception e) when (e is LauncherSettingsException or CertificateFileException)
{
    ConsoleOutput.Say(e.Message);
    return 2;
}

var exitCode = 0;
LocalRun? run = null;
using var logs = new ComponentLogs(Path.Combine(settings.DataPath, ComponentLogs.FolderName));
try
{
    ConsoleOutput.Say($"{endpoint.Choice}: {endpoint.Url}");
    if (endpoint.OtherChoice.Length > 0)
    {
        ConsoleOutput.Say(endpoint.OtherChoice);
    }
    ConsoleOutput.Say($"starting mosquitto, coturn and {HirobaService.Backends.Count + 1} services (data: {settings.DataPath}, logs: {logs.Folder})");
    var startedAt = TimeProvider.System.GetTimestamp();
    run = new LocalRun(settings, secrets, endpoint, certificate, logs, RepositoryRoot.Find());
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
