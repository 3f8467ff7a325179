using Hiroba.Mqtt.Connection;

namespace Hiroba.Mqtt.Session;

/// <summary>A received PUBLISH with what is needed to acknowledge it on the connection it came from.</summary>
internal readonly record struct ReceivedPublish(MqttApplicationMessage Message, ushort PacketId, MqttConnection Connection);
