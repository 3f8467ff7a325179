using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// Says in the shared directory that this replica is alive, before it takes connections and then every
/// <see cref="SignalingReplicasOptions.HeartbeatInterval"/>; and ends the relayed connections of replicas that stopped, and
/// forgets their inboxes.
/// </summary>
public sealed partial class ReplicaHeartbeat(
    ReplicaDirectory directory, RelayHub hub, RelaySender sender, IOptions<SignalingReplicasOptions> options, TimeProvider timeProvider,
    ILogger<ReplicaHeartbeat> logger) : BackgroundService
{
    private long _lastBeat;

    /// <summary>Whether the last beat reached the directory within the replica timeout: others count this replica alive.</summary>
    public bool IsAlive => Volatile.Read(ref _lastBeat) is var last and not 0 && timeProvider.GetElapsedTime(last) < options.Value.ReplicaTimeout;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await directory.InitializeAsync(cancellationToken);
        await directory.BeatAsync(cancellationToken);
        Volatile.Write(ref _lastBeat, timeProvider.GetTimestamp());
        LogJoined(logger, directory.Me, directory.Inbox.Address);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var alive = await directory.BeatAsync(stoppingToken);
                    Volatile.Write(ref _lastBeat, timeProvider.GetTimestamp());
                    hub.LetGoOfReplicasOtherThan(alive);
                    sender.ForgetReplicasOtherThan(alive);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogBeatFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync leaves the directory.
        }
    }

    /// <summary>
    /// Leaves the directory, so that the clients of its rooms (closed with 1001 as it stops) find them a new home when
    /// they join again, rather than wait for this replica's beats to grow old. A replica that cannot say so (killed, cut
    /// off) is noticed after the replica timeout.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await directory.LeaveAsync(cancellationToken);
            LogLeft(logger, directory.Me);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogLeaveFailed(logger, exception, options.Value.ReplicaTimeout);
        }
    }

    [LoggerMessage(LogLevel.Information, "Signaling replica {Replica} joined the shared room directory, relay inbox {Inbox}")]
    private static partial void LogJoined(ILogger logger, Guid replica, string inbox);

    [LoggerMessage(LogLevel.Information, "Signaling replica {Replica} left the shared room directory; its rooms move to the replicas their clients join")]
    private static partial void LogLeft(ILogger logger, Guid replica);

    [LoggerMessage(LogLevel.Warning, "Could not leave the shared room directory; the other replicas take this one's rooms over after {ReplicaTimeout}")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, TimeSpan replicaTimeout);

    [LoggerMessage(LogLevel.Warning, "Saying this replica is alive in the shared room directory failed; trying again at the next beat")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
