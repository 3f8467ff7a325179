using System.Collections.Concurrent;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// Chromium loads mqtt.js from the gateway and talks MQTT 3.1.1 over <c>/mqtt</c> to mosquitto's public websockets
/// listener, as the pages do (MQTT 5 is refused there); a service publishes on the internal listener with its credentials.
/// </summary>
public sealed class MqttOverWebSocketTests(MosquittoFixture mosquitto, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<MosquittoFixture>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string PublicTopic = "feed.post-published";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private MqttGateway _gateway = null!;

    public Task InitializeAsync()
    {
        _gateway = new MqttGateway(mosquitto);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task A_browser_receives_a_public_topic_through_the_gateway_but_its_own_publish_reaches_no_one()
    {
        var serviceReceived = new ConcurrentQueue<string>();
        await using var serviceSubscriber = ChildProcess.Start(new ChildProcessOptions(
            "mosquitto_sub", "mosquitto_sub", [.. ServiceConnection(), "-t", PublicTopic, "-q", "1"],
            OnOutputLine: serviceReceived.Enqueue));
        await WaitUntilServiceSubscribedAsync(serviceSubscriber, serviceReceived);

        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(_gateway.Factory.RootUri.ToString());
        await page.AddScriptTagAsync(new() { Url = "/lib/mqtt.min.js" });
        var mqttUrl = _gateway.Mqtt.ToString();

        var grantedQos = await page.EvaluateAsync<int>(
            """
            async ([url, topic]) => {
              window.received = [];
              window.client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, keepalive: 30 });
              await new Promise((resolve, reject) => { client.once('connect', resolve); client.once('error', reject); });
              client.on('message', (_, payload) => received.push(payload.toString()));
              const granted = await new Promise((resolve, reject) =>
                client.subscribe(topic, { qos: 1 }, (error, grants) => error ? reject(error) : resolve(grants)));
              return granted[0].qos;
            }
            """, new[] { mqttUrl, PublicTopic });
        Assert.InRange(grantedQos, 0, 1);

        // MQTT 3.1.1 has no way to refuse a publish: the broker acknowledges it and drops it (below: no one receives it).
        var publishError = await page.EvaluateAsync<string?>(
            """
            topic => new Promise(resolve => client.publish(topic, 'from-browser', { qos: 1 }, error => resolve(error?.message ?? null)))
            """, PublicTopic);
        Assert.Null(publishError);

        var published = await CommandLineTool.RunAsync(
            "mosquitto_pub", [.. ServiceConnection(), "-t", PublicTopic, "-q", "1", "-m", "control"], Generous);
        Assert.True(published.ExitCode == 0, published.OutputText);

        await page.WaitForFunctionAsync("() => received.includes('control')", null, new() { Timeout = (float)Generous.TotalMilliseconds });
        await serviceSubscriber.WaitUntilReadyAsync(
            "the service subscriber received the control message",
            _ => Task.FromResult(serviceReceived.Contains("control")), Generous, CancellationToken.None);
        Assert.DoesNotContain("from-browser", await page.EvaluateAsync<string[]>("() => received"));
        Assert.DoesNotContain("from-browser", serviceReceived);
    }

    private string[] ServiceConnection() =>
        ["-h", mosquitto.Host, "-p", mosquitto.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
         "-u", mosquitto.ServiceUsername, "-P", mosquitto.ServicePassword, "-V", "mqttv311"];

    /// <summary>mosquitto_sub says nothing once subscribed, so publish warm-up messages until one arrives.</summary>
    private async Task WaitUntilServiceSubscribedAsync(ChildProcess subscriber, ConcurrentQueue<string> received)
    {
        var attempt = 0;
        await subscriber.WaitUntilReadyAsync("the service subscriber receives a warm-up message", async _ =>
        {
            if (received.Any(line => line.StartsWith("warm-up", StringComparison.Ordinal)))
            {
                return true;
            }
            await CommandLineTool.RunAsync(
                "mosquitto_pub", [.. ServiceConnection(), "-t", PublicTopic, "-q", "1", "-m", $"warm-up {++attempt}"], Generous);
            return false;
        }, Generous, CancellationToken.None);
    }
}
