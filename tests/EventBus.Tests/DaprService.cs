using Hiroba.TestSupport;

namespace Hiroba.EventBus.Tests;

/// <summary>A test app on the Dapr transport with its own sidecar stand-in, paired as in docker-compose.yml.</summary>
public sealed class DaprService : IAsyncDisposable
{
    public const string ApiToken = "sidecar-token-for-this-test";
    public const string AppApiToken = "app-token-for-this-test";

    private readonly Dictionary<string, string?> _configuration;

    private DaprService(DaprSidecarStandIn sidecar, TestApp app, Dictionary<string, string?> configuration)
    {
        Sidecar = sidecar;
        App = app;
        _configuration = configuration;
    }

    public DaprSidecarStandIn Sidecar { get; }

    public TestApp App { get; private set; }

    /// <summary>
    /// Starts the sidecar, then the app with the settings compose gives it (<paramref name="settings"/> override them),
    /// then lets the sidecar read the app's subscriptions.
    /// </summary>
    public static async Task<DaprService> StartAsync(
        MosquittoFixture broker, string appId, Action<IEventBusBuilder>? subscribe = null, IDictionary<string, string?>? settings = null)
    {
        var sidecar = await DaprSidecarStandIn.StartAsync(broker, appId, ApiToken, AppApiToken);
        var configuration = new Dictionary<string, string?>
        {
            ["EventBus:Transport"] = "Dapr",
            ["EventBus:AppId"] = appId,
            ["EventBus:Dapr:GrpcEndpoint"] = sidecar.GrpcEndpoint.ToString(),
            ["EventBus:Dapr:HttpEndpoint"] = sidecar.HttpEndpoint.ToString(),
            ["EventBus:Dapr:AppApiToken"] = AppApiToken,
            ["DAPR_API_TOKEN"] = ApiToken,
            ["EventBus:FirstRetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var app = await TestApp.StartAsync(configuration, subscribe);
        await sidecar.AttachAsync(app.BaseAddress);
        return new DaprService(sidecar, app, configuration);
    }

    /// <summary>Stops the app (its sidecar keeps running, as under compose's restart policy) and starts it again on its port.</summary>
    public async Task RestartAppAsync(Action<IEventBusBuilder>? subscribe = null)
    {
        var address = App.BaseAddress;
        await App.DisposeAsync();
        App = await TestApp.StartAsync(_configuration, subscribe, address.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Sidecar.DisposeAsync();
    }
}
