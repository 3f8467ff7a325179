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
// The terminal is for people: Aspire's own progress stays out of it, its warnings and errors do not.
// DCP's warning about a missing developer certificate and Data Protection's about a key ring without an encryptor
// (the shared ring is private files, ARCHITECTURE.md) say nothing to act on here.
builder.Services.AddLogging(logging => logging
    .AddFilter("Aspire", LogLevel.Warning)
    .AddFilter("Aspire.Hosting.Dcp.DcpHost", LogLevel.Error)
    .AddFilter("Microsoft", LogLevel.Warning)
    .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));

HirobaModelOptions model;
HirobaResources resources;
try
{
    model = HirobaModelOptions.WithLocalServers(settings, secrets, endpoint, certificate);
    resources = builder.AddHiroba(model);
}
catch (Exception e) when (e is FileNotFoundException or ArgumentException)
{
    // mosquitto or coturn not installed, a service not built.
    ConsoleOutput.Say($"could not start: {e.Message}");
    return 1;
}
using var logs = new ComponentLogs(Path.Combine(settings.DataPath, ComponentLogs.FolderName));
var start = new RunStart(startedAt, dashboardUrl);
var description = new RunDescription(settings, secrets, endpoint, certificate, logs.Folder, model.Broker, model.Turn, resources.Backends);
builder.Services.AddSingleton(resources).AddSingleton(logs).AddSingleton(start).AddSingleton(description).AddSingleton(TimeProvider.System);
builder.Services.AddHostedService<ResourceLogs>().AddHostedService<RunWatch>();

await using var app = builder.Build();
using var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(
    () => ConsoleOutput.Say("stopping every process"));

ConsoleOutput.Say($"{endpoint.Choice}: {endpoint.Url}");
if (endpoint.OtherChoice.Length > 0)
{
    ConsoleOutput.Say(endpoint.OtherChoice);
}
ConsoleOutput.Say($"starting mosquitto, coturn and {HirobaService.All.Count} services (data: {settings.DataPath}, logs: {logs.Folder})");
ConsoleOutput.Say(dashboardUrl is null ? "no dashboard (HIROBA_DASHBOARD=off)" : $"dashboard: {dashboardUrl} (its sign-in link follows once everything is up)");
await app.RunAsync();
ConsoleOutput.Say("stopped");
return start.ExitCode;
