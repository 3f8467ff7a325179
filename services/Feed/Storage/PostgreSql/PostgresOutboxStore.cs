using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.Feed.Outbox;
using Npgsql;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>
/// The shared outbox table. Every replica runs the outbox relay, but only the holder of the <see cref="OutboxRelayLease"/>
/// finds events to publish; it reads them on the lease's own session, so a read that succeeds proves the lease is still held.
/// </summary>
public sealed class PostgresOutboxStore(FeedPostgresDatabase database, OutboxRelayLease lease, TimeProvider timeProvider) : IIntegrationEventOutbox
{
    public async Task<IReadOnlyList<IOutboxEntry>> ReadPendingAsync(long after, int limit, CancellationToken cancellationToken)
    {
        if (await lease.TryHoldAsync(cancellationToken) is not { } session)
        {
            return [];
        }
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT sequence, event_id, topic, data, occurred_at, trace_parent, trace_state FROM outbox " +
                "WHERE sent_at IS NULL AND sequence > $1 ORDER BY sequence LIMIT $2;", session)
            {
                Parameters = { new() { Value = after }, new() { Value = limit } },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var entries = new List<IOutboxEntry>();
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new OutboxEntry(
                    reader.GetInt64(0),
                    reader.GetGuid(1),
                    reader.GetString(2),
                    reader.GetString(3),
                    reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
            return entries;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await lease.LetGoAsync();
            throw;
        }
    }

    public async Task MarkSentAsync(long sequence, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("UPDATE outbox SET sent_at = $1 WHERE sent_at IS NULL AND sequence <= $2;");
        command.Parameters.Add(new() { Value = timeProvider.GetUtcNow() });
        command.Parameters.Add(new() { Value = sequence });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PruneSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1;");
        command.Parameters.Add(new() { Value = sentBefore });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
