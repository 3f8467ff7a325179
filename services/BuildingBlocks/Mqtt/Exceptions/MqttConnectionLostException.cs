namespace Hiroba.Mqtt;

/// <summary>The connection to the broker ended while an operation needed it.</summary>
public sealed class MqttConnectionLostException : MqttException
{
    public MqttConnectionLostException()
    {
    }

    public MqttConnectionLostException(string message)
        : base(message)
    {
    }

    public MqttConnectionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
