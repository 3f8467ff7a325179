using Microsoft.Extensions.Logging;

namespace Hiroba.Mqtt;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "MQTT connection {ConnectionNumber} to {Host}:{Port} established as '{ClientId}' (session present: {SessionPresent})")]
    public static partial void Connected(ILogger logger, int connectionNumber, string host, int port, string clientId, bool sessionPresent);

    [LoggerMessage(2, LogLevel.Warning, "MQTT connection {ConnectionNumber} lost; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, int connectionNumber, Exception reason);

    [LoggerMessage(3, LogLevel.Error, "MQTT connection {ConnectionNumber} dropped: the broker violated the protocol")]
    public static partial void ProtocolViolation(ILogger logger, int connectionNumber, MqttProtocolException reason);

    [LoggerMessage(4, LogLevel.Warning, "MQTT reconnect attempt {Attempt} failed")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Exception reason);

    [LoggerMessage(5, LogLevel.Error, "MQTT message handler failed for a message on '{Topic}'; the message is acknowledged anyway")]
    public static partial void HandlerFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(6, LogLevel.Error, "The MQTT broker rejected the subscription to '{TopicFilter}' when it was restored after reconnecting")]
    public static partial void ResubscribeRejected(ILogger logger, string topicFilter);

    [LoggerMessage(7, LogLevel.Debug, "Ignored {PacketType} for unknown packet identifier {PacketId} (probably timed out)")]
    public static partial void UnknownAcknowledgement(ILogger logger, string packetType, ushort packetId);

    [LoggerMessage(8, LogLevel.Information, "MQTT client '{ClientId}' disconnected")]
    public static partial void Disconnected(ILogger logger, string clientId);

    [LoggerMessage(9, LogLevel.Debug, "Dropped a message on '{Topic}' received while the client was closing")]
    public static partial void DroppedWhileClosing(ILogger logger, string topic);

    [LoggerMessage(10, LogLevel.Warning, "Dropping QoS 0 messages (the first on '{Topic}'): {Messages} messages of {Bytes} bytes wait for the handler")]
    public static partial void DroppingQos0(ILogger logger, string topic, int messages, long bytes);

    [LoggerMessage(11, LogLevel.Warning, "Dropped {Count} QoS 0 messages in a row while the handler was behind")]
    public static partial void DroppedQos0(ILogger logger, long count);
}
