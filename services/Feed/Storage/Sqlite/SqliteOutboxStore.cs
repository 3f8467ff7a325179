using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.EventBus.Telemetry;
using Hiroba.Feed.Outbox;
using Hiroba.Sqlite;
using Microsoft.Data.Sqlite;

namespace Hiroba.Feed.Storage.Sqlite;

/// <summary>
/// The transactional outbox: events are stored in the same transaction as the change they announce, and the
/// event bus's outbox relay publishes them in the order they were stored.
/// </summary>
public sealed class SqliteOutboxStore(FeedDatabase database, TimeProvider timeProvider) : IIntegrationEventOutbox
{
    /// <summary>Stores <paramref name="event"/> as part of <paramref name="transaction"/>.</summary>
    public static async Task AddAsync(SqliteTransaction transaction, IntegrationEvent @event, CancellationToken cancellationToken)
    {
        await using var command = transaction.CreateCommand(
            "INSERT INTO outbox (event_id, topic, data, occurred_at, trace_parent, trace_state) " +
            "VALUES ($eventId, $topic, $data, $occurredAt, $traceParent, $traceState);");
        command.Parameters.AddWithValue("$eventId", @event.Id.ToString());
        command.Parameters.AddWithValue("$topic", Topics.Of(@event.GetType()));
        command.Parameters.AddWithValue("$data", OutboxEntry.Serialize(@event));
        command.Parameters.AddWithValue("$occurredAt", @event.OccurredAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$traceParent", (object?)TraceContextFormat.FormatTraceParent(@event.TraceContext) ?? DBNull.Value);
        command.Parameters.AddWithValue("$traceState", (object?)TraceContextFormat.FormatTraceState(@event.TraceContext) ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<IOutboxEntry>> ReadPendingAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReaderAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT sequence, event_id, topic, data, occurred_at, trace_parent, trace_state FROM outbox " +
            "WHERE sent_at IS NULL AND sequence > $after ORDER BY sequence LIMIT $limit;";
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<OutboxEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new OutboxEntry(
                reader.GetInt64(0),
                Guid.Parse(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }
        return entries;
    }

    public Task MarkSentAsync(long sequence, CancellationToken cancellationToken) =>
        database.WriteAsync(async (transaction, ct) =>
        {
            await using var command = transaction.CreateCommand(
                "UPDATE outbox SET sent_at = $now WHERE sent_at IS NULL AND sequence <= $sequence;");
            command.Parameters.AddWithValue("$now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$sequence", sequence);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task<int> PruneSentAsync(DateTimeOffset sentBefore, CancellationToken cancellationToken) =>
        database.WriteAsync(async (transaction, ct) =>
        {
            await using var command = transaction.CreateCommand(
                "DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $cutoff;");
            command.Parameters.AddWithValue("$cutoff", sentBefore.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
}
