using Hiroba.AppHost;
using MQTTnet;

namespace Hiroba.TestSupport;

/// <summary>
/// The app host's model on loopback with its own mosquitto and coturn, for benchmarks: the services named and the
/// settings given on top of the model's, secrets made for this run, a stand-in for the backends left out.
/// </summary>
public sealed class LoopbackModel : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly HirobaModelOptions _options;
    private readonly AbsentService _absentBackends;
    private readonly StartedModel _model;

    private LoopbackModel(TemporaryDirectory directory, HirobaModelOptions options, AbsentService absentBackends, StartedModel model) =>
        (_directory, _options, _absentBackends, _model) = (directory, options, absentBackends, model);

    public string AdminPassword => _options.Secrets.AdminPassword;

    /// <summary>mosquitto's public websockets listener itself, as the gateway's <c>/mqtt</c> forwards to it.</summary>
    public Uri BrokerWebSocketUri => new($"ws://{_options.Broker.Host}:{_options.Broker.WebSocketPort}/mqtt");

    /// <param name="serviceNames">Folders under <c>services/</c>, <c>Gateway</c> included when wanted.</param>
    /// <param name="settingsFor">Settings a service gets besides the model's own (a null value removes one).</param>
    public static async Task<LoopbackModel> StartAsync(
        IReadOnlyList<string> serviceNames, Func<string, IReadOnlyDictionary<string, string?>> settingsFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceNames);
        ArgumentNullException.ThrowIfNull(settingsFor);
        var services = serviceNames.Select(ServiceNamed).ToList();
        var directory = new TemporaryDirectory("model");
        var absentBackends = await AbsentService.StartAsync();
        try
        {
            var options = HirobaModelOptions.OnLoopback(directory.Path) with
            {
                Services = services,
                AbsentBackends = absentBackends.BaseUri,
                Overrides = services.ToDictionary(service => service, service => settingsFor(service.Name)),
            };
            var model = await StartedModel.StartAsync(options, cancellationToken);
            return new LoopbackModel(directory, options, absentBackends, model);
        }
        catch
        {
            await absentBackends.DisposeAsync();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Where the service listens on loopback (the gateway: its plain HTTP port).</summary>
    public Uri ServiceUri(string serviceName) => _model.ServiceUri(ServiceNamed(serviceName));

    /// <summary>The settings the model gives a backend (<c>Signaling</c>…): what a second replica of it runs with.</summary>
    public Dictionary<string, string?> BackendSettings(string serviceName)
    {
        var service = ServiceNamed(serviceName);
        var configuration = new ServiceConfiguration(
            _options.Settings, _options.Secrets, _options.Broker, _options.Turn, _options.Media, _options.Endpoint, _options.Certificate);
        return configuration.ForBackend(service, new Dictionary<HirobaService, Uri> { [service] = ServiceUri(serviceName) });
    }

    /// <summary>The service's data folder.</summary>
    public string DataPath(string serviceName) => Path.Combine(_options.Settings.DataPath, ServiceNamed(serviceName).DataFolderName);

    /// <summary>The process a service (by its folder name) or a server (<c>mosquitto</c>, <c>coturn</c>) runs now.</summary>
    public Task<int> ProcessIdAsync(string name, CancellationToken cancellationToken = default) =>
        _model.ProcessIdAsync(ResourceName(name), cancellationToken);

    /// <summary>Stops the service and starts a fresh process of it, healthy again when this returns.</summary>
    public async Task RestartAsync(string serviceName, CancellationToken cancellationToken = default)
    {
        await _model.StopAsync(ResourceName(serviceName), cancellationToken);
        await _model.StartAgainAsync(ResourceName(serviceName), cancellationToken);
    }

    /// <summary>A client on the broker's internal listener with the services' credentials, to play a service left out.</summary>
    public Task<IMqttClient> ConnectServiceClientAsync(string clientId, Func<ReceivedMessage, Task> onMessage) =>
        BrokerClient.ConnectAsync(_options.Broker.Host, _options.Broker.Port, _options.Broker.Username, _options.Broker.Password, clientId, onMessage);

    public async ValueTask DisposeAsync()
    {
        await _model.DisposeAsync();
        await _absentBackends.DisposeAsync();
        _directory.Dispose();
    }

    private static HirobaService ServiceNamed(string name) =>
        HirobaService.All.SingleOrDefault(service => service.Name == name) ?? throw new ArgumentException($"{name} is not a service of Hiroba.", nameof(name));

    private static string ResourceName(string name) =>
        HirobaService.All.SingleOrDefault(service => service.Name == name)?.ResourceName ?? name;
}
