using Hiroba.AppHost;
using Hiroba.Certificates;
using Hiroba.LocalComponents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var startedAt = TimeProvider.System.GetTimestamp();

// Every setting is checked before anything in the data folder is made or changed.
RunSettings settings;
PublicEndpoint endpoint;
GatewayCertificate? certificate = null;
LocalSecrets secrets;
try
{
    settings = RunSettings.FromEnvironment(Environment.GetEnvironmentVariable);
    // DCP and every process it starts inherit this environment.
    foreach (var variable in RunSettings.PasswordVariables)
    {
        Environment.SetEnvironmentVariable(variable, null);
    }
    var network = MachineNetwork.Current();
    endpoint = PublicEndpoint.Choose(settings, network);
    ListeningPorts.EnsureFree(settings, endpoint);
    if (endpoint.UsesTls && settings.TlsCertificatePath is not null)
    {
        certificate = GatewayCertificate.Operator(settings, endpoint, TimeProvider.System.GetUtcNow());
    }
    secrets = await LocalSecrets.LoadOrCreateAsync(settings.DataPath, settings.AdminPassword, CancellationToken.None);
    if (endpoint.UsesTls && certificate is null)
    {
        certificate = await GatewayCertificate.FromLocalCaAsync(settings.DataPath, endpoint, network, TimeProvider.System, CancellationToken.None);
    }
}
catch (Exception e) when (e is RunSettingsException or CertificateFileException)
{
    ConsoleOutput.Say(e.Message);
    return 2;
}

var dashboardUrl = settings.DashboardPort is { } dashboardPort ? new Uri($"http://127.0.0.1:{dashboardPort}") : null;
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    // Stopping waits until DCP has stopped every process, so nothing outlives ./run.
    Args = ["--DcpPublisher:WaitForResourceCleanup=true", .. DashboardAddress.Arguments(dashboardUrl)],
    DisableDashboard = dashboardUrl is null,
});
// The terminal is for people.
builder.WithWarningsOnly();

using var logs = new ComponentLogs(Path.Combine(settings.DataPath, ComponentLogs.FolderName));
LocalDatabase? database = null;
HirobaModelOptions model;
HirobaResources resources;
try
{
    if (settings.Replicas > 1)
    {
        ConsoleOutput.Say($"{settings.Replicas} processes of {string.Join(", ", HirobaService.Replicable.Select(service => service.Name))}: starting PostgreSQL for Feed's posts, the rooms, Signaling's room directory and the cameras");
        database = await LocalDatabase.StartAsync(settings, secrets, logs.For(LocalDatabase.FolderName), CancellationToken.None);
    }
    model = HirobaModelOptions.WithLocalServers(settings, secrets, endpoint, certificate) with { Database = database?.Shared };
    resources = builder.AddHiroba(model);
}
catch (Exception e) when (e is FileNotFoundException or ArgumentException or ChildProcessException or TimeoutException)
{
    // mosquitto, coturn, Janus or PostgreSQL not installed or not starting, a service not built.
    ConsoleOutput.Say($"could not start: {e.Message}");
    if (database is not null)
    {
        await database.DisposeAsync();
    }
    return 1;
}
await using var ownedDatabase = database;
var start = new RunStart(startedAt, dashboardUrl);
var description = new RunDescription(settings, secrets, endpoint, certificate, logs.Folder, model.Broker, model.Servers!.Turn, model.Media, resources.Replicas);
builder.Services.AddSingleton(resources).AddSingleton(logs).AddSingleton(start).AddSingleton(description).AddSingleton(TimeProvider.System);
builder.Services.AddHostedService<ResourceLogs>().AddHostedService<RunWatch>();
// A start that RunWatch gave up on has said why; Aspire's start, cancelled by that, adds only a stack trace.
builder.Services.AddLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", level => level >= LogLevel.Warning && start.ExitCode == 0));

await using var app = builder.Build();
using var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
    () => ConsoleOutput.Say("stopping every process"));

ConsoleOutput.Say($"{endpoint.Choice}: {endpoint.Url}");
if (endpoint.OtherChoice.Length > 0)
{
    ConsoleOutput.Say(endpoint.OtherChoice);
}
var servers = new[] { resources.Mosquitto, resources.Coturn, resources.Janus }.OfType<IResourceBuilder<ExecutableResource>>().Select(server => server.Resource.Name);
var processes = resources.MoreReplicas.Count == 0 ? "" : $" in {resources.Services.Count + resources.MoreReplicas.Count} processes";
ConsoleOutput.Say($"starting {string.Join(", ", servers)} and {resources.Services.Count} services{processes} (data: {settings.DataPath}, logs: {logs.Folder})");
ConsoleOutput.Say(dashboardUrl is null ? "no dashboard (HIROBA_DASHBOARD=off)" : $"dashboard: {dashboardUrl} (its sign-in link follows once everything is up)");
await app.RunAsync();
ConsoleOutput.Say("stopped");
return start.ExitCode;

/// <summary>The app host; internal, so that test projects that also see a service's <c>Program</c> see one only.</summary>
internal sealed partial class Program;
