using Hiroba.EventBus.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>A small service on real Kestrel (127.0.0.1, free port) that uses the event bus like a Hiroba service does.</summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApp(WebApplication app)
    {
        _app = app;
        Handled = app.Services.GetRequiredService<HandledEvents>();
        Bus = app.Services.GetRequiredService<IEventBus>();
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public HandledEvents Handled { get; }

    public IEventBus Bus { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the app on <paramref name="url"/>, by default a free port (a restarted app passes its old address).</summary>
    public static async Task<TestApp> StartAsync(
        IDictionary<string, string?> configuration, Action<IEventBusBuilder>? subscribe = null, string url = "http://127.0.0.1:0",
        ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "Hiroba.TestApp" });
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<HandledEvents>();
        var bus = builder.AddEventBus();
        (subscribe ?? SubscribeToAll)(bus);

        var app = builder.Build();
        app.MapEventBusEndpoints();
        await app.StartAsync();
        return new TestApp(app);
    }

    public static void SubscribeToAll(IEventBusBuilder bus) => bus
        .AddSubscription<ThingHappened, ThingHappenedHandler>()
        .AddSubscription<ThingBroke, ThingBrokeHandler>()
        .AddInboxSubscription<ThingAddressed, ThingAddressedHandler>();

    /// <summary>This app's inbox: where events addressed to it go.</summary>
    public string Inbox => Services.GetRequiredService<EventBusInbox>().Address;

    public async Task<bool> IsReadyAsync() =>
        (await Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status == HealthStatus.Healthy;

    /// <summary>
    /// Stops without giving the handlers any time to finish, as a crash would: what they were handling is not
    /// acknowledged. Dispose it afterwards as usual.
    /// </summary>
    public Task CrashAsync() => _app.StopAsync(new CancellationToken(canceled: true));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
