namespace Hiroba.Mqtt.Protocol;

/// <summary>A packet waiting for the socket writer; a struct so that queueing it allocates nothing.</summary>
internal readonly record struct OutgoingPacket(
    MqttPacketType Type,
    ushort PacketId = 0,
    string? Topic = null,
    ReadOnlyMemory<byte> Payload = default,
    MqttQos Qos = MqttQos.AtMostOnce,
    bool Retain = false,
    bool Dup = false)
{
    public static readonly OutgoingPacket PingReq = new(MqttPacketType.PingReq);
    public static readonly OutgoingPacket Disconnect = new(MqttPacketType.Disconnect);

    public static OutgoingPacket Publish(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain, ushort packetId = 0) =>
        new(MqttPacketType.Publish, packetId, topic, payload, qos, retain);

    public static OutgoingPacket PubAck(ushort packetId) => new(MqttPacketType.PubAck, packetId);

    public static OutgoingPacket Subscribe(ushort packetId, string topicFilter, MqttQos qos) =>
        new(MqttPacketType.Subscribe, packetId, topicFilter, Qos: qos);

    public static OutgoingPacket Unsubscribe(ushort packetId, string topicFilter) =>
        new(MqttPacketType.Unsubscribe, packetId, topicFilter);
}
