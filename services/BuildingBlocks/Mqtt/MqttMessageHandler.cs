namespace Hiroba.Mqtt;

/// <summary>
/// Handles one received message. Called one message at a time, in arrival order; the PUBACK of a
/// QoS 1 message is sent after it returns or throws. The token is cancelled when the client closes.
/// </summary>
public delegate Task MqttMessageHandler(MqttApplicationMessage message, CancellationToken cancellationToken);
