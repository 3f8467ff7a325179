namespace Hiroba.Mqtt;

/// <summary>The broker answered SUBSCRIBE with return code 0x80 (failure), typically an ACL denial.</summary>
public sealed class MqttSubscribeRejectedException : MqttException
{
    public MqttSubscribeRejectedException()
    {
    }

    public MqttSubscribeRejectedException(string message)
        : base(message)
    {
    }

    public MqttSubscribeRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static MqttSubscribeRejectedException ForFilter(string topicFilter) =>
        new($"The MQTT broker rejected the subscription to '{topicFilter}' (SUBACK 0x80).") { TopicFilter = topicFilter };

    /// <summary>The filter the broker refused.</summary>
    public string TopicFilter { get; private init; } = "";
}
