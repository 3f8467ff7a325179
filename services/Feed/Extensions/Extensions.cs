using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.EventBus;
using Hiroba.Feed.RateLimiting;
using Hiroba.Feed.Storage.PostgreSql;
using Hiroba.Feed.Storage.Sqlite;
using Hiroba.Feed.Storage;
using Hiroba.PostgreSql;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hiroba.Feed.Extensions;

public static class Extensions
{
    /// <summary>The outbox relay's settings (<see cref="OutboxOptions"/>).</summary>
    public const string OutboxSectionName = "Feed:Outbox";

    /// <summary>
    /// The database (initialized before anything else starts) of the provider <c>Feed:Storage:Provider</c> names, the post
    /// store, the outbox relay, the post rate limit and the event bus.
    /// </summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<FeedStorageOptions>(FeedStorageOptions.SectionName);
        services.AddValidatedOptions<OutboxOptions>(OutboxSectionName);
        var usePostgreSql = builder.Configuration.GetSection(FeedStorageOptions.SectionName).Get<FeedStorageOptions>()?.Provider
            == StorageProvider.PostgreSql;
        if (usePostgreSql)
        {
            services.AddSingleton<FeedPostgresDatabase>();
            services.AddSingleton<IFeedDatabase>(provider => provider.GetRequiredService<FeedPostgresDatabase>());
            services.AddHostedService<ServiceStartup>();
            services.AddSingleton<FeedPostgresWriter>();
            services.AddSingleton<IPostStore, PostgresPostStore>();
            services.AddSingleton<OutboxRelayLease>();
            services.AddHostedService<OutboxNotificationListener>();
        }
        else
        {
            services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
            services.AddSingleton<FeedDatabase>();
            services.AddSingleton<IFeedDatabase>(provider => provider.GetRequiredService<FeedDatabase>());
            services.AddHostedService<ServiceStartup>();
            services.AddHostedService<WalCheckpointer>();
            services.AddSingleton<IPostStore, SqlitePostStore>();
        }
        var eventBus = builder.AddEventBus();
        if (usePostgreSql)
        {
            eventBus.PublishThroughOutbox<PostgresOutboxStore>();
        }
        else
        {
            eventBus.PublishThroughOutbox<SqliteOutboxStore>();
        }
        services.AddClientAddressRateLimit<PostRateLimitOptions>(
            PostRateLimitOptions.PolicyName, PostRateLimitOptions.SectionName, "Too many posts from this address.");
        return builder;
    }
}
