namespace Hiroba.Mqtt;

/// <summary>An acknowledgement (PUBACK, SUBACK, UNSUBACK) did not arrive within <see cref="MqttClientOptions.AckTimeout"/>.</summary>
public sealed class MqttAckTimeoutException : TimeoutException
{
    public MqttAckTimeoutException()
    {
    }

    public MqttAckTimeoutException(string message)
        : base(message)
    {
    }

    public MqttAckTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
