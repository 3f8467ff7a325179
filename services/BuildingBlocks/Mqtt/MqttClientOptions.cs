using System.Text;

namespace Hiroba.Mqtt;

/// <summary>Settings of one <see cref="MqttClient"/>.</summary>
public sealed record MqttClientOptions
{
    /// <summary>The largest packet MQTT allows: 268,435,455 bytes of remaining length plus the 5-byte fixed header.</summary>
    public const int ProtocolMaxPacketSize = 268_435_455 + 5;

    /// <summary>The broker's host name or IP address.</summary>
    public required string Host { get; init; }

    /// <summary>The broker's TCP port.</summary>
    public int Port { get; init; } = 1883;

    /// <summary>The MQTT client identifier; a second connection with the same id makes the broker drop the first.</summary>
    public required string ClientId { get; init; }

    /// <summary>Optional user name sent in CONNECT.</summary>
    public string? Username { get; init; }

    /// <summary>Optional password sent in CONNECT; MQTT 3.1.1 requires a user name with it.</summary>
    public string? Password { get; init; }

    /// <summary>Whether the broker discards the session (subscriptions, queued messages) at each connect.</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>Keepalive period in whole seconds (0 disables keepalive and dead-connection detection).</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connection attempt (TCP connect plus CONNACK) may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a QoS 1 publish, subscribe or unsubscribe waits for its acknowledgement, including time spent waiting for a reconnection.</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest packet (fixed header included) the client sends or accepts.</summary>
    public int MaxPacketSize { get; init; } = 1024 * 1024;

    /// <summary>
    /// How many received messages may wait for the message handler before further QoS 0 messages are dropped. QoS 1
    /// messages are always queued: the broker bounds them (each waits for its PUBACK, which follows the handler).
    /// </summary>
    public int IncomingQueueCapacity { get; init; } = 65_536;

    /// <summary>
    /// How many payload bytes may wait for the message handler. Beyond it a QoS 0 message is dropped, and a QoS 1
    /// message ends the connection: the broker re-sends it, unacknowledged, on the next one (persistent sessions).
    /// </summary>
    public long IncomingQueueBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many packets may wait for the socket writer before publishers wait.</summary>
    public int OutgoingQueueCapacity { get; init; } = 4096;

    /// <summary>The first delay before reconnecting; it doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The cap of the reconnect delay.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Host), nameof(Host), "is required");
        Require(Port is > 0 and <= ushort.MaxValue, nameof(Port), "must be between 1 and 65535");
        Require(ClientId is not null && IsValidString(ClientId), nameof(ClientId), "must be at most 65535 UTF-8 bytes without U+0000");
        Require(ClientId!.Length > 0 || CleanSession, nameof(ClientId), "may be empty only with CleanSession");
        Require(Username is null || IsValidString(Username), nameof(Username), "must be at most 65535 UTF-8 bytes without U+0000");
        Require(Password is null || Encoding.UTF8.GetByteCount(Password) <= ushort.MaxValue, nameof(Password), "must be at most 65535 UTF-8 bytes");
        Require(Password is null || Username is not null, nameof(Password), "requires a Username (MQTT 3.1.1)");
        Require(KeepAlive >= TimeSpan.Zero && KeepAlive.TotalSeconds <= ushort.MaxValue && KeepAlive.Ticks % TimeSpan.TicksPerSecond == 0,
            nameof(KeepAlive), "must be whole seconds between 0 and 65535");
        Require(ConnectTimeout > TimeSpan.Zero, nameof(ConnectTimeout), "must be positive");
        Require(AckTimeout > TimeSpan.Zero, nameof(AckTimeout), "must be positive");
        Require(MaxPacketSize is >= 128 and <= ProtocolMaxPacketSize, nameof(MaxPacketSize), $"must be between 128 and {ProtocolMaxPacketSize}");
        Require(IncomingQueueCapacity > 0, nameof(IncomingQueueCapacity), "must be positive");
        Require(IncomingQueueBytes >= MaxPacketSize, nameof(IncomingQueueBytes), "must hold at least one packet of MaxPacketSize");
        Require(OutgoingQueueCapacity > 0, nameof(OutgoingQueueCapacity), "must be positive");
        Require(ReconnectMinDelay > TimeSpan.Zero, nameof(ReconnectMinDelay), "must be positive");
        Require(ReconnectMaxDelay >= ReconnectMinDelay, nameof(ReconnectMaxDelay), "must not be below ReconnectMinDelay");
    }

    private static bool IsValidString(string value) =>
        !value.Contains('\0', StringComparison.Ordinal) && Encoding.UTF8.GetByteCount(value) <= ushort.MaxValue;

    private static void Require(bool condition, string setting, string rule)
    {
        if (!condition)
        {
            throw new ArgumentException($"MqttClientOptions.{setting} {rule}.", setting);
        }
    }
}
