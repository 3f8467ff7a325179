using Hiroba.AppHost;

namespace Hiroba.TestSupport;

/// <summary>
/// The settings the app host's model gives a backend, for tests that run one in-process (WebApplicationFactory)
/// against the tests' broker: the same keys as ./run's, so a new setting cannot be forgotten here.
/// </summary>
public static class ModelSettings
{
    /// <param name="serviceName">The folder under <c>services/</c>, e.g. <c>Feed</c>.</param>
    /// <param name="runDataPath">The run's data folder: the key ring and the service's own folder lie in it.</param>
    /// <param name="coturn">The TURN server, for the services that hand out ICE servers (Rooms, Signaling).</param>
    public static Dictionary<string, string?> ForBackend(
        string serviceName, MosquittoFixture broker, string runDataPath, CoturnFixture? coturn = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var service = HirobaService.Backends.Single(candidate => candidate.Name == serviceName);
        var configuration = new ServiceConfiguration(
            new RunSettings(runDataPath, RunSettings.DefaultGatewayPort, AdminPassword: null, ViewerPassword: null, Cameras: []),
            new LocalSecrets(HirobaStack.AdminPassword, "the tests", broker.ServicePassword, TurnSecret: coturn?.Secret ?? "", JanusApiSecret: "", DatabasePassword: ""),
            new MqttBroker(broker.Host, broker.Port, broker.WebSocketPort, broker.ServiceUsername, broker.ServicePassword),
            coturn is null ? null : new TurnServer(coturn.Host, coturn.Port, coturn.RelayPorts, coturn.Secret),
            media: null,
            PublicEndpoint.ThisMachineOnly(RunSettings.DefaultGatewayPort),
            certificate: null);
        return configuration.ForBackend(service, new Dictionary<HirobaService, Uri> { [service] = new("http://127.0.0.1/") });
    }

    /// <summary>The service's own folder in the run's data folder, as the model names it.</summary>
    public static string DataPath(string runDataPath, string serviceName) => Path.Combine(runDataPath, serviceName.ToLowerInvariant());
}
