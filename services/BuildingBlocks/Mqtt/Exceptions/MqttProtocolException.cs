namespace Hiroba.Mqtt;

/// <summary>The peer sent bytes that are not a valid MQTT 3.1.1 packet for a client to receive; the connection is dropped.</summary>
public sealed class MqttProtocolException : MqttException
{
    public MqttProtocolException()
    {
    }

    public MqttProtocolException(string message)
        : base(message)
    {
    }

    public MqttProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
