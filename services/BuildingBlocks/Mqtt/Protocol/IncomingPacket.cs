namespace Hiroba.Mqtt.Protocol;

/// <summary>A decoded packet a server may send to a client. Only the members of its type are set.</summary>
internal readonly record struct IncomingPacket(
    MqttPacketType Type,
    ushort PacketId = 0,
    MqttApplicationMessage? Message = null,
    byte ConnectReturnCode = 0,
    bool SessionPresent = false,
    byte[]? SubscribeReturnCodes = null);
