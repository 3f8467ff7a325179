using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.Dapr;
using Hiroba.EventBus.Mqtt;
using Hiroba.EventBus.Processing;
using Hiroba.EventBus.Publishing;
using Hiroba.EventBus.Publishing.Outbox;
using Hiroba.EventBus.Subscriptions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus;

public static class EventBusExtensions
{
    /// <summary>
    /// Adds the event bus with the transport that <c>EventBus:Transport</c> names, its readiness
    /// check (tag <c>ready</c>) and the delivery pipeline. Declare subscriptions and the service's delivery policy
    /// (<see cref="IEventBusBuilder.PublishThroughOutbox{TOutbox}"/> or <see cref="IEventBusBuilder.PublishBestEffort"/>)
    /// on the result.
    /// </summary>
    public static IEventBusBuilder AddEventBus(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(EventBusOptions.SectionName);
        var defaultAppId = DefaultAppId(builder.Environment.ApplicationName);
        services.AddOptions<EventBusOptions>()
            .Bind(section)
            .PostConfigure(options => options.ApplyDefaultAppId(defaultAppId))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventBusOptions>, EventBusOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var subscriptions = new EventSubscriptions();
        services.AddSingleton(subscriptions);
        services.AddSingleton<IntegrationEventProcessor>();

        // Read here, not from IOptions: the inbox names the topics subscribed to, which are declared before the host is built.
        var configured = section.Get<EventBusOptions>() ?? new EventBusOptions();
        configured.ApplyDefaultAppId(defaultAppId);
        var transport = configured.Transport;
        var inbox = transport == EventBusTransport.Dapr ? EventBusInbox.ForCleanSession() : EventBusInbox.ForSession(configured.SessionName);
        services.AddSingleton(inbox);
        if (transport == EventBusTransport.Dapr)
        {
            // The SDK reads the sidecar's API token from DAPR_API_TOKEN and sends it with every call.
            services.AddDaprClient((provider, dapr) =>
            {
                var sidecar = provider.GetRequiredService<IOptions<EventBusOptions>>().Value.Dapr;
                dapr.UseGrpcEndpoint(sidecar.GrpcEndpoint.ToString()).UseHttpEndpoint(sidecar.HttpEndpoint.ToString());
            });
            services.AddSingleton<IEventBusTransport, DaprEventBus>();
        }
        else
        {
            services.AddSingleton<MqttEventBus>();
            services.AddSingleton<IEventBusTransport>(provider => provider.GetRequiredService<MqttEventBus>());
            services.AddHostedService(provider => provider.GetRequiredService<MqttEventBus>());
        }
        services.AddSingleton<IEventBus>(provider => provider.GetRequiredService<IEventBusTransport>());
        services.AddHealthChecks().AddCheck<EventBusHealthCheck>("event-bus", tags: ["ready"]);
        return new EventBusBuilder(services, subscriptions, inbox);
    }

    /// <summary>Maps what the transport needs from the web host: under Dapr, the sidecar's subscription endpoints.</summary>
    public static IEndpointRouteBuilder MapEventBusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<EventBusOptions>>().Value;
        if (options.Transport == EventBusTransport.Dapr)
        {
            endpoints.MapDaprSubscriptionApi();
        }
        return endpoints;
    }

    /// <summary>"Hiroba.CameraBridge" becomes "camera-bridge".</summary>
    internal static string DefaultAppId(string applicationName)
    {
        var name = applicationName.Split('.')[^1];
        return string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
    }
}

public interface IEventBusBuilder
{
    IServiceCollection Services { get; }

    /// <summary>Runs <typeparamref name="THandler"/> for every <typeparamref name="TEvent"/> on its topic.</summary>
    IEventBusBuilder AddSubscription<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>;

    /// <summary>
    /// Runs <typeparamref name="THandler"/> for the <typeparamref name="TEvent"/>s addressed to this process's
    /// <see cref="EventBusInbox"/> (a service), and only for those.
    /// </summary>
    IEventBusBuilder AddInboxSubscription<TEvent, THandler>()
        where TEvent : IntegrationEvent, IAddressedIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent>;

    /// <summary>
    /// At-least-once delivery: the service stores its events in <typeparamref name="TOutbox"/> with the changes they
    /// announce and signals <see cref="OutboxSignal"/>; the <see cref="OutboxRelay"/> publishes them in order, retrying
    /// until the broker takes them (settings: <see cref="OutboxOptions"/>, bound by the service).
    /// </summary>
    IEventBusBuilder PublishThroughOutbox<TOutbox>()
        where TOutbox : class, IIntegrationEventOutbox;

    /// <summary>Best-effort delivery through a bounded queue in memory: <see cref="IIntegrationEventPublisher"/>.</summary>
    IEventBusBuilder PublishBestEffort(BestEffortDelivery policy);
}

internal sealed class EventBusBuilder(IServiceCollection services, EventSubscriptions subscriptions, EventBusInbox inbox) : IEventBusBuilder
{
    public IServiceCollection Services => services;

    public IEventBusBuilder AddSubscription<TEvent, THandler>()
        where TEvent : IntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent> =>
        Subscribe<THandler>(typeof(TEvent), Topics.Of(typeof(TEvent)));

    public IEventBusBuilder AddInboxSubscription<TEvent, THandler>()
        where TEvent : IntegrationEvent, IAddressedIntegrationEvent
        where THandler : class, IIntegrationEventHandler<TEvent> =>
        Subscribe<THandler>(typeof(TEvent), Topics.InboxOf(typeof(TEvent), inbox.Address));

    private EventBusBuilder Subscribe<THandler>(Type eventType, string topic) where THandler : class
    {
        services.TryAddScoped<THandler>();
        subscriptions.Add(eventType, typeof(THandler), topic);
        return this;
    }

    // The publishers are registered after the transport, so that they stop before it and can still publish then.
    public IEventBusBuilder PublishThroughOutbox<TOutbox>()
        where TOutbox : class, IIntegrationEventOutbox
    {
        services.TryAddSingleton<TOutbox>();
        services.AddSingleton<IIntegrationEventOutbox>(provider => provider.GetRequiredService<TOutbox>());
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxRelay>();
        return this;
    }

    public IEventBusBuilder PublishBestEffort(BestEffortDelivery policy)
    {
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<QueuedEventPublisher>(provider, policy));
        services.AddSingleton<IIntegrationEventPublisher>(provider => provider.GetRequiredService<QueuedEventPublisher>());
        services.AddHostedService(provider => provider.GetRequiredService<QueuedEventPublisher>());
        return this;
    }
}
