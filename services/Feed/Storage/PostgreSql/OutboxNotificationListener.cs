using Hiroba.EventBus.Publishing.Outbox;
using Npgsql;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>
/// Wakes this replica's outbox relay when any replica commits an event (PostgreSQL <c>LISTEN</c>), so that the relay
/// that holds the lease publishes a post stored elsewhere at once rather than at its next idle poll.
/// </summary>
public sealed partial class OutboxNotificationListener(
    FeedPostgresDatabase database, OutboxSignal signal, TimeProvider timeProvider, ILogger<OutboxNotificationListener> logger)
    : BackgroundService
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(logger, exception, ReconnectDelay);
                try
                {
                    await Task.Delay(ReconnectDelay, timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        await using var session = await database.OpenSessionAsync(cancellationToken);
        session.Notification += (_, _) => signal.Notify();
        await using (var listen = new NpgsqlCommand($"LISTEN {FeedPostgresDatabase.OutboxChannel};", session))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }
        // Whatever was committed while nobody here listened.
        signal.Notify();
        while (true)
        {
            await session.WaitAsync(cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Listening for the feed's outbox notifications failed; trying again in {Delay}")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, TimeSpan delay);
}
