using Hiroba.EventBus;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.Feed.Outbox;
using Hiroba.Feed.RateLimiting;
using Hiroba.Feed.Storage;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hiroba.Feed.Extensions;

public static class Extensions
{
    /// <summary>The outbox relay's settings (<see cref="OutboxOptions"/>).</summary>
    public const string OutboxSectionName = "Feed:Outbox";

    /// <summary>The database (initialized before anything else starts), the post store, the outbox relay, the post rate limit and the event bus.</summary>
    public static WebApplicationBuilder AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<DataOptions>(DataOptions.SectionName);
        services.AddValidatedOptions<FeedStorageOptions>(FeedStorageOptions.SectionName);
        services.AddValidatedOptions<OutboxOptions>(OutboxSectionName);
        services.AddSingleton<FeedDatabase>();
        services.AddHostedService<ServiceStartup>();
        services.AddHostedService<WalCheckpointer>();
        services.AddSingleton<PostStore>();
        services.AddClientAddressRateLimit<PostRateLimitOptions>(
            PostRateLimitOptions.PolicyName, PostRateLimitOptions.SectionName, "Too many posts from this address.");
        builder.AddEventBus().PublishThroughOutbox<OutboxStore>();
        return builder;
    }
}
