namespace Hiroba.Mqtt;

/// <summary>The broker answered CONNECT with a non-zero CONNACK return code.</summary>
public sealed class MqttConnectionRefusedException : MqttException
{
    public MqttConnectionRefusedException()
    {
    }

    public MqttConnectionRefusedException(string message)
        : base(message)
    {
    }

    public MqttConnectionRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MqttConnectionRefusedException(byte returnCode)
        : base($"The MQTT broker refused the connection: CONNACK return code {Describe(returnCode)}.") =>
        ReturnCode = (MqttConnectReturnCode)returnCode;

    /// <summary>The raw CONNACK return code (values above 5 are reserved by the specification).</summary>
    public MqttConnectReturnCode ReturnCode { get; }

    /// <summary>The code's name and number, e.g. <c>NotAuthorized (5)</c>.</summary>
    internal static string Describe(byte returnCode) =>
        Enum.IsDefined((MqttConnectReturnCode)returnCode)
            ? $"{(MqttConnectReturnCode)returnCode} ({returnCode})"
            : $"Reserved ({returnCode})";
}
