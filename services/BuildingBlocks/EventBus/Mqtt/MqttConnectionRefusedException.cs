using MQTTnet;

namespace Hiroba.EventBus.Mqtt;

/// <summary>The broker answered the CONNECT with a refusal (bad user name or password, not authorized, ...).</summary>
internal sealed class MqttConnectionRefusedException(MqttClientConnectResultCode code)
    : Exception($"the broker refused the connection: {code}");
