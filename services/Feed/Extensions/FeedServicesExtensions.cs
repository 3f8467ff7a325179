using Hiroba.Feed.Outbox;
using Hiroba.Feed.RateLimiting;
using Hiroba.Feed.Storage;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hiroba.Feed.Extensions;

public static class FeedServicesExtensions
{
    /// <summary>The database (initialized before anything else starts), the post store, the outbox relay and the post rate limit.</summary>
    public static WebApplicationBuilder AddFeedServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
        services.AddValidatedOptions<FeedStorageOptions>(FeedStorageOptions.SectionName);
        services.AddValidatedOptions<OutboxOptions>(OutboxOptions.SectionName);
        services.AddSingleton<FeedDatabase>();
        services.AddHostedService<FeedDatabaseInitializer>();
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton<PostStore>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxRelay>();
        services.AddClientAddressRateLimit<PostRateLimitOptions>(
            PostRateLimitOptions.PolicyName, PostRateLimitOptions.SectionName, "Too many posts from this address.");
        return builder;
    }
}
