using System.Collections.Concurrent;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// Chromium loads mqtt.js from the gateway and talks MQTT 3.1.1 over <c>/mqtt</c>, as the pages do; the gateway serves
/// it from its subscription on mosquitto's public listener, and a service publishes on the internal listener with its
/// credentials.
/// </summary>
public sealed class MqttOverWebSocketTests(MosquittoFixture mosquitto, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<MosquittoFixture>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private const string PublicTopic = "feed.post-published";
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    private MqttGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _gateway = await MqttGateway.StartAsync(mosquitto);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Browsers_receive_a_public_topic_through_the_gateway_but_a_browsers_own_publish_closes_it_and_reaches_no_one()
    {
        var serviceReceived = new ConcurrentQueue<string>();
        await using var serviceSubscriber = ChildProcess.Start(new ChildProcessOptions(
            "mosquitto_sub", "mosquitto_sub", [.. ServiceConnection(), "-t", PublicTopic, "-q", "1"],
            OnOutputLine: serviceReceived.Enqueue));
        await WaitUntilServiceSubscribedAsync(serviceSubscriber, serviceReceived);

        await using var context = await chromium.NewContextAsync(output);
        var reader = await OpenSubscribedPageAsync(context);
        var publisher = await OpenSubscribedPageAsync(context);

        var closedAfterPublish = await publisher.EvaluateAsync<bool>(
            """
            topic => new Promise(resolve => {
              client.once('close', () => resolve(true));
              client.publish(topic, 'from-browser', { qos: 0 });
            })
            """, PublicTopic);
        Assert.True(closedAfterPublish);

        var published = await CommandLineTool.RunAsync(
            "mosquitto_pub", [.. ServiceConnection(), "-t", PublicTopic, "-q", "1", "-m", "control"], Generous);
        Assert.True(published.ExitCode == 0, published.OutputText);

        await reader.WaitForFunctionAsync("() => received.includes('control')", null, new() { Timeout = (float)Generous.TotalMilliseconds });
        await serviceSubscriber.WaitUntilReadyAsync(
            "the service subscriber received the control message",
            _ => Task.FromResult(serviceReceived.Contains("control")), Generous, CancellationToken.None);
        Assert.Equal(["control"], await reader.EvaluateAsync<string[]>("() => received.filter(text => !text.startsWith('warm-up'))"));
        Assert.DoesNotContain("from-browser", serviceReceived);
    }

    /// <summary>A page with mqtt.js connected to <c>/mqtt</c> and subscribed to the public topic at QoS 1, which the gateway grants as QoS 0.</summary>
    private async Task<IPage> OpenSubscribedPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(_gateway.Factory.RootUri.ToString());
        await page.AddScriptTagAsync(new() { Url = "/lib/mqtt.min.js" });
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
            """, new[] { _gateway.Mqtt.ToString(), PublicTopic });
        Assert.Equal(0, grantedQos);
        return page;
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
