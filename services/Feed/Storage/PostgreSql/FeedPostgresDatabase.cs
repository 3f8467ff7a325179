using Hiroba.PostgreSql;
using Microsoft.Extensions.Options;

namespace Hiroba.Feed.Storage.PostgreSql;

/// <summary>The feed's PostgreSQL database, which every Feed replica shares (<see cref="PostgresDatabase"/>).</summary>
public sealed class FeedPostgresDatabase(IOptions<FeedStorageOptions> options, ILogger<FeedPostgresDatabase> logger)
    : PostgresDatabase(options.Value.ConnectionString!, logger), IFeedDatabase
{
    /// <summary>Advisory lock held by the one replica whose relay publishes the outbox (<see cref="OutboxRelayLease"/>).</summary>
    public const long OutboxRelayLockKey = 0x4869726f62610002;

    /// <summary>The channel every writing transaction notifies at its commit, to wake the outbox relay wherever it runs.</summary>
    public const string OutboxChannel = "feed_outbox";

    protected override IReadOnlyList<string> Migrations => FeedPostgresSchema.Migrations;
}
