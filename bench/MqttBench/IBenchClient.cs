namespace Hiroba.MqttBench;

/// <summary>What a scenario needs of an MQTT client: the same calls for every client library it compares.</summary>
internal interface IBenchClient : IAsyncDisposable
{
    Task SubscribeAsync(string topic, int qos);

    /// <summary>Completes when the message is written (QoS 0) or acknowledged by the broker (QoS 1).</summary>
    Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos);
}

/// <summary>Called for each received message, before it is acknowledged.</summary>
internal delegate void BenchMessageHandler(ReadOnlySpan<byte> payload);

/// <summary>A client library under test: connects a client to the benchmark's broker.</summary>
internal interface IBenchClientLibrary
{
    string Name { get; }

    Task<IBenchClient> ConnectAsync(BenchSettings settings, BenchMessageHandler? onMessage = null);
}
