namespace Hiroba.AppHost;

/// <summary>
/// The configuration keys each service gets. Each service gets only the secrets it needs: the admin password goes
/// to the gateway, the TURN secret to Rooms and Signaling (both hand out ICE servers with ephemeral TURN credentials,
/// naming coturn's address on the room's network). The camera bridge gets the cameras of HIROBA_CAMERAS,
/// Signaling's Ayame endpoint and Janus's API with its secret. The gateway gets the public URL and, when it serves HTTPS, its certificate files; it
/// neither publishes nor stores anything, so it gets no broker credentials and no data folder.
/// </summary>
/// <param name="turn">Null for a model without Rooms and Signaling.</param>
/// <param name="media">Null for a model without Janus: every camera keeps one viewer at a time.</param>
internal sealed class ServiceConfiguration(
    RunSettings settings, LocalSecrets secrets, MqttBroker broker, TurnServer? turn, MediaServer? media, PublicEndpoint endpoint,
    GatewayCertificate? certificate)
{
    public const string KeyRingFolderName = "keys";
    private static readonly HirobaService[] TurnConsumers = [HirobaService.Rooms, HirobaService.Signaling];

    public string KeyRingPath => Path.Combine(settings.DataPath, KeyRingFolderName);

    public static bool UsesTurn(HirobaService service) => TurnConsumers.Contains(service);

    /// <param name="backends">Where every backend listens (one service's settings may name another).</param>
    public Dictionary<string, string?> ForBackend(HirobaService service, IReadOnlyDictionary<HirobaService, Uri> backends)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(backends);
        var configuration = Common();
        configuration["EventBus:Transport"] = "Mqtt";
        configuration["EventBus:Mqtt:Host"] = broker.Host;
        configuration["EventBus:Mqtt:Port"] = $"{broker.Port}";
        configuration["EventBus:Mqtt:Username"] = broker.Username;
        configuration["EventBus:Mqtt:Password"] = broker.Password;
        configuration["Data:Path"] = Path.Combine(settings.DataPath, service.DataFolderName);
        if (UsesTurn(service))
        {
            if (turn is null)
            {
                throw new InvalidOperationException($"{service.Name} hands out ICE servers and needs a TURN server in the model.");
            }
            configuration["Turn:Secret"] = turn.Secret;
            configuration["Turn:Host"] = turn.Host;
            configuration["Turn:Port"] = $"{turn.Port}";
        }
        if (service == HirobaService.CameraBridge)
        {
            if (backends.TryGetValue(HirobaService.Signaling, out var signaling))
            {
                configuration["Cameras:SignalingUrl"] = new UriBuilder(signaling) { Scheme = "ws", Path = "/signaling" }.Uri.ToString();
            }
            if (media is not null)
            {
                configuration["Cameras:Janus:Url"] = media.ApiUrl.ToString();
                configuration["Cameras:Janus:ApiSecret"] = media.ApiSecret;
            }
            for (var i = 0; i < settings.Cameras.Count; i++)
            {
                configuration[$"Cameras:Items:{i}:Id"] = settings.Cameras[i].Id;
                configuration[$"Cameras:Items:{i}:Name"] = settings.Cameras[i].Id;
                configuration[$"Cameras:Items:{i}:Url"] = settings.Cameras[i].Url;
            }
        }
        return configuration;
    }

    /// <param name="backends">The backends in the model.</param>
    /// <param name="absentBackends">Where the clusters of backends left out of the model go (the gateway is ready only when every
    /// cluster has a healthy destination); null leaves them without one.</param>
    public Dictionary<string, string?> ForGateway(IReadOnlyDictionary<HirobaService, Uri> backends, Uri? absentBackends = null) =>
        ForGateway(backends.ToDictionary(backend => backend.Key, IReadOnlyList<Uri> (backend) => [backend.Value]), absentBackends);

    /// <param name="replicas">Every process of each backend in the model: the gateway spreads its clients over them.</param>
    /// <param name="absentBackends">As above.</param>
    public Dictionary<string, string?> ForGateway(IReadOnlyDictionary<HirobaService, IReadOnlyList<Uri>> replicas, Uri? absentBackends = null)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var configuration = Common();
        configuration["Auth:AdminPassword"] = secrets.AdminPassword;
        configuration["Auth:ViewerPassword"] = settings.ViewerPassword;
        foreach (var service in HirobaService.Backends)
        {
            var addresses = replicas.GetValueOrDefault(service) ?? (absentBackends is null ? [] : [absentBackends]);
            for (var i = 0; i < addresses.Count; i++)
            {
                configuration[DestinationKey(service.Cluster, i + 1)] = addresses[i].ToString();
            }
        }
        configuration["Gateway:Mqtt:Broker"] = $"ws://{broker.Host}:{broker.WebSocketPort}/";
        configuration["Gateway:PublicUrl"] = endpoint.Url.ToString().TrimEnd('/');
        if (certificate is not null)
        {
            configuration["Gateway:Tls:CertificatePath"] = certificate.CertificatePath;
            configuration["Gateway:Tls:KeyPath"] = certificate.KeyPath;
            configuration["Gateway:Tls:CaCertificatePath"] = certificate.CaCertificatePath;
        }
        return configuration;
    }

    private static string DestinationKey(string cluster, int destination) => $"ReverseProxy:Clusters:{cluster}:Destinations:d{destination}:Address";

    /// <summary>
    /// What the <paramref name="replica"/>th process (from 1) of a service that runs as several adds to its settings: a
    /// broker session and a data folder of its own, and its state in the shared database (Snapshots: its own folder
    /// holds the workshops the gateway routes to it).
    /// </summary>
    public Dictionary<string, string?> ForReplica(HirobaService service, int replica, SharedDatabase database)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(database);
        var configuration = new Dictionary<string, string?>
        {
            ["EventBus:Mqtt:ClientId"] = service.ReplicaResourceName(replica),
            ["Data:Path"] = Path.Combine(settings.DataPath, service.ReplicaDataFolderName(replica)),
        };
        if (service == HirobaService.Feed)
        {
            configuration["Feed:Storage:Provider"] = "PostgreSql";
            configuration["Feed:Storage:ConnectionString"] = database.ConnectionString(SharedDatabase.FeedDatabase);
        }
        else if (service == HirobaService.Rooms)
        {
            configuration["Rooms:Storage:Provider"] = "PostgreSql";
            configuration["Rooms:Storage:ConnectionString"] = database.ConnectionString(SharedDatabase.RoomsDatabase);
        }
        else if (service == HirobaService.Signaling)
        {
            configuration["Signaling:Replicas:ConnectionString"] = database.ConnectionString(SharedDatabase.SignalingDatabase);
        }
        else if (service == HirobaService.CameraBridge)
        {
            configuration["Cameras:Storage:Provider"] = "PostgreSql";
            configuration["Cameras:Storage:ConnectionString"] = database.ConnectionString(SharedDatabase.CamerasDatabase);
        }
        else if (service != HirobaService.Snapshots)
        {
            throw new ArgumentException($"{service.Name} runs as one process.", nameof(service));
        }
        return configuration;
    }

    private Dictionary<string, string?> Common() => new()
    {
        ["Auth:KeyRingPath"] = KeyRingPath,
        // One line per log entry keeps the log files readable.
        ["Logging:Console:FormatterName"] = "simple",
        ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        // Aspire lets colours through its pipes; a log file wants none.
        ["Logging:Console:FormatterOptions:ColorBehavior"] = "Disabled",
        // Errors go to stderr, which ./run shows on the terminal; the rest goes to the log file only.
        ["Logging:Console:LogToStandardErrorThreshold"] = "Error",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };
}
