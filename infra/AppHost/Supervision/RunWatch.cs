using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Hiroba.AppHost;

/// <summary>
/// Waits until every resource is healthy, prints the summary, then keeps every resource running: Aspire reports a
/// crash as a state and leaves the process down, so the <see cref="Supervisor"/> starts it again.
/// </summary>
internal sealed class RunWatch(
    HirobaResources resources, RunDescription description, RunStart start, ResourceNotificationService notifications,
    ResourceCommandService commands, IConfiguration configuration, IHostApplicationLifetime lifetime, TimeProvider time) : EarlyBackgroundService
{
    /// <summary>How long the start may take before the terminal names what it still waits for.</summary>
    private static readonly TimeSpan SlowStart = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        var health = new HealthWaits(notifications, resources.All.Select(resource => resource.Name), stopping.Token);
        try
        {
            var slow = Task.Delay(SlowStart, time, stopping.Token);
            if (await Task.WhenAny(health.AllHealthy, slow) == slow && slow.IsCompletedSuccessfully)
            {
                ConsoleOutput.Say($"still waiting for {string.Join(", ", health.NotHealthy)} to answer its health check (logs: {description.LogsFolder})");
            }
            await health.AllHealthy;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return;
        }
        catch (DistributedApplicationException)
        {
            var logs = string.Join(", ", health.Failed.Select(name => Path.Combine(description.LogsFolder, $"{name}.log")));
            ConsoleOutput.Say($"could not start: {string.Join(", ", health.Failed)} stopped before it was ready (see {logs})");
            start.Failed();
            lifetime.StopApplication();
            return;
        }
        StartupSummary.Print(description, DashboardAddress.Of(start.DashboardUrl, configuration), time.GetElapsedTime(start.Timestamp));
        var supervisor = new Supervisor(time, ConsoleOutput.Say);
        await Task.WhenAll(resources.All.Select(resource =>
            supervisor.SuperviseAsync(new AspireResourceProcess(resource, notifications, commands), stopping.Token)));
    }
}

/// <summary>When the run began, where its dashboard is (null: none), and whether its start failed (the exit code says so).</summary>
internal sealed class RunStart(long timestamp, Uri? dashboardUrl)
{
    public long Timestamp { get; } = timestamp;

    public Uri? DashboardUrl { get; } = dashboardUrl;

    public int ExitCode { get; private set; }

    public void Failed() => ExitCode = 1;
}
