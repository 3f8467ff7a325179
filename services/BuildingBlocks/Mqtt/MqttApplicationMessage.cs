namespace Hiroba.Mqtt;

/// <summary>A message received from the broker.</summary>
/// <param name="Topic">The topic name it was published to.</param>
/// <param name="Payload">The payload; owned by the message, so it stays valid after the handler returns.</param>
/// <param name="Qos">The QoS the broker delivered it with.</param>
/// <param name="Retain">Whether it is a retained message delivered because of a new subscription.</param>
public sealed record MqttApplicationMessage(string Topic, ReadOnlyMemory<byte> Payload, MqttQos Qos, bool Retain);
