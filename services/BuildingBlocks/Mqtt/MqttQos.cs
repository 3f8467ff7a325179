namespace Hiroba.Mqtt;

/// <summary>The delivery guarantees this client supports (QoS 2 is not implemented).</summary>
public enum MqttQos : byte
{
    /// <summary>Fire and forget: no acknowledgement, lost if the connection drops.</summary>
    AtMostOnce = 0,

    /// <summary>Acknowledged with PUBACK; re-sent after a reconnection, so it may arrive twice.</summary>
    AtLeastOnce = 1,
}
