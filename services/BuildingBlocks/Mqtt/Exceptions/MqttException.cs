namespace Hiroba.Mqtt;

/// <summary>Base of every error this client reports about the MQTT conversation.</summary>
public class MqttException : Exception
{
    public MqttException()
    {
    }

    public MqttException(string message)
        : base(message)
    {
    }

    public MqttException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
