using System.Threading.Channels;
using Hiroba.Deployment.Tests.Files;
using Hiroba.LocalComponents;

namespace Hiroba.Deployment.Tests.Broker;

/// <summary>
/// An MQTT client made of mqtt.js, the library the gateway serves to pages, run by node (browser-mqtt-client.cjs): over
/// ws:// it is what a page does; over mqtt:// with the services' user it stands for a service.
/// </summary>
internal sealed class BrowserMqttClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Broker", "browser-mqtt-client.cjs");
    private static readonly string MqttJs = Repository.PathOf("services/Gateway/node_modules/mqtt");

    private readonly ChildProcess _process;
    private readonly Channel<string> _messages;

    private BrowserMqttClient(ChildProcess process, Channel<string> messages)
    {
        _process = process;
        _messages = messages;
    }

    /// <summary>Subscribes and returns once the broker acknowledged the subscription.</summary>
    public static async Task<BrowserMqttClient> SubscribeAsync(Uri broker, string filter, MqttUser? user = null)
    {
        var messages = Channel.CreateUnbounded<string>();
        var process = Start(broker, ["subscribe", filter], user, line =>
        {
            if (line.StartsWith("message ", StringComparison.Ordinal))
            {
                messages.Writer.TryWrite(line["message ".Length..]);
            }
        });
        var client = new BrowserMqttClient(process, messages);
        try
        {
            await process.WaitUntilReadyAsync(
                "subscribed", _ => Task.FromResult(process.RecentOutput.Contains("subscribed")), Timeout, CancellationToken.None);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
        return client;
    }

    /// <summary>Publishes with QoS 1; returns the client's output once it has ended ("published" after the broker's PUBACK).</summary>
    public static async Task<string> PublishAsync(Uri broker, string topic, string payload, MqttUser? user = null)
    {
        await using var process = Start(broker, ["publish", topic, payload], user, onLine: null);
        await process.Exited.WaitAsync(Timeout);
        return string.Join('\n', process.RecentOutput);
    }

    /// <summary>The next message as "&lt;topic&gt; &lt;payload&gt;".</summary>
    public async Task<string> NextMessageAsync() => await _messages.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public async ValueTask DisposeAsync() => await _process.DisposeAsync();

    private static ChildProcess Start(Uri broker, IReadOnlyList<string> action, MqttUser? user, Action<string>? onLine)
    {
        if (!File.Exists(Path.Combine(MqttJs, "package.json")))
        {
            throw new InvalidOperationException($"{MqttJs} is missing: run 'npm ci' in services/Gateway (./test does).");
        }
        return ChildProcess.Start(new ChildProcessOptions(
            "mqtt.js",
            "node",
            [Script, MqttJs, broker.ToString(), .. action],
            Environment: new Dictionary<string, string?> { ["MQTT_USERNAME"] = user?.Username, ["MQTT_PASSWORD"] = user?.Password },
            OnOutputLine: onLine));
    }
}

internal sealed record MqttUser(string Username, string Password);
