using Hiroba.CameraBridge.Cameras;

namespace Hiroba.CameraBridge.Leadership;

/// <summary>
/// Which replica of the bridge serves the cameras. A camera's viewers (one at most, or a shared publication), and the
/// status of every camera, live in one process: so replicas take turns rather than share. The holder of the
/// <see cref="ILeaderLease"/> loads the cameras and serves; the others stay on standby with no cameras (their
/// <c>/healthz/leader</c> fails, so the gateway sends them nothing, while <c>/readyz</c> says they are ready to take over),
/// following only the Ayame presence, and ask for the lease every
/// <see cref="AttemptInterval"/>. A holder whose lease may have passed on stops the process, so that its viewers never
/// go on beside the next holder's; its supervisor starts it again, on standby.
/// </summary>
public sealed partial class BridgeLeadership(
    ILeaderLease lease, CameraRegistry registry, IHostApplicationLifetime lifetime, TimeProvider timeProvider,
    ILogger<BridgeLeadership> logger) : BackgroundService
{
    public static readonly TimeSpan AttemptInterval = TimeSpan.FromSeconds(1);

    private volatile bool _leading;

    public bool IsLeading => _leading;

    /// <summary>A replica that can take the lease at start serves before it accepts requests, as a single one always does.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await TryLeadAsync(cancellationToken);
        if (!_leading)
        {
            LogStandby(logger);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(AttemptInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!_leading)
                {
                    await TryLeadAsync(stoppingToken);
                }
                else if (!await lease.StillHeldAsync(stoppingToken))
                {
                    LogLeaseLost(logger);
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TryLeadAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await lease.TryTakeAsync(cancellationToken))
            {
                return;
            }
        }
        catch (Npgsql.NpgsqlException exception)
        {
            LogAttemptFailed(logger, exception);
            return;
        }
        await registry.LoadAsync(cancellationToken);
        _leading = true;
        LogLeading(logger, registry.All.Length);
    }

    [LoggerMessage(LogLevel.Information, "This replica serves the cameras ({Count} cameras)")]
    private static partial void LogLeading(ILogger logger, int count);

    [LoggerMessage(LogLevel.Information, "Another replica serves the cameras; this one stands by")]
    private static partial void LogStandby(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "Could not ask for the lease to serve the cameras; asking again")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Error, "The lease to serve the cameras may have passed to another replica (its database session failed); stopping")]
    private static partial void LogLeaseLost(ILogger logger);
}
