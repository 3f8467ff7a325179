namespace Hiroba.EventBus;

/// <summary>Configuration section <c>EventBus</c>.</summary>
public sealed class EventBusOptions
{
    public const string SectionName = "EventBus";

    public EventBusTransport Transport { get; set; } = EventBusTransport.Mqtt;

    /// <summary>The CloudEvent <c>source</c> and, under Dapr, the app id. Defaults to the service's short name.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The <c>pubsubname</c> in every envelope, and the Dapr component name.</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>Attempts per delivery before the event goes to its dead-letter topic.</summary>
    public int MaxDeliveryAttempts { get; set; } = 3;

    /// <summary>Delay before the second attempt; it doubles for each further one, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many handled event ids are remembered to drop redeliveries.</summary>
    public int DeduplicationWindow { get; set; } = 10_000;

    public MqttTransportOptions Mqtt { get; set; } = new();

    public DaprTransportOptions Dapr { get; set; } = new();

    /// <summary>The name of the service's MQTT session: <see cref="MqttTransportOptions.ClientId"/>, or the app id.</summary>
    public string SessionName => Mqtt.ClientId ?? AppId;

    /// <summary>The app id, or <paramref name="defaultAppId"/> when none is set.</summary>
    internal void ApplyDefaultAppId(string defaultAppId) => AppId = string.IsNullOrWhiteSpace(AppId) ? defaultAppId : AppId;
}

public enum EventBusTransport
{
    /// <summary>Straight to the MQTT broker: the local run and the tests.</summary>
    Mqtt,

    /// <summary>Through the Dapr sidecar (Dapr.Client, Dapr.AspNetCore): docker compose.</summary>
    Dapr,
}

public sealed class MqttTransportOptions
{
    public string Host { get; set; } = "";

    /// <summary>
    /// The name of the service's MQTT session; defaults to the app id. Replicas need distinct names. The broker sees the
    /// client id <c>&lt;name&gt;-&lt;32 hex digits keyed with the password&gt;</c>, which no one without the password can
    /// take over. The session is persistent (clean session off), so events published while the service restarts wait in
    /// the broker.
    /// </summary>
    public string? ClientId { get; set; }

    public int Port { get; set; } = 1883;
    /// <summary>The services' user on the broker's internal listener; required.</summary>
    public string? Username { get; set; }

    /// <summary>The services' broker password; required. It also keys the client id.</summary>
    public string? Password { get; set; }

    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many bytes of received events may wait for the handlers. Beyond it the service drops its connection and the
    /// broker sends the unacknowledged events again on the next one (see docs/event-bus.md, flow control).
    /// </summary>
    public long MaxPendingBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How long a publish waits for the broker's PUBACK (and a connect for its CONNACK).</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class DaprTransportOptions
{
    /// <summary>The sidecar's gRPC API, where events are published (daprd's <c>--dapr-grpc-port</c>, 50001 by default).</summary>
    public Uri GrpcEndpoint { get; set; } = new("http://127.0.0.1:50001");

    /// <summary>The sidecar's HTTP API, asked for readiness (daprd's <c>--dapr-http-port</c>, 3500 by default).</summary>
    public Uri HttpEndpoint { get; set; } = new("http://127.0.0.1:3500");

    /// <summary>
    /// When set, event deliveries must carry it in the <c>dapr-api-token</c> header (the sidecar's
    /// <c>APP_API_TOKEN</c>), so nothing but the sidecar can post events to the service.
    /// </summary>
    public string? AppApiToken { get; set; }
}
