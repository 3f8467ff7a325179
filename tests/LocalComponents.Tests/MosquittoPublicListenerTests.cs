using Hiroba.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.LocalComponents.Tests;

/// <summary>A browser on the public websockets listener, with mqtt.js as the gateway serves it.</summary>
public class MosquittoPublicListenerTests(MosquittoFixture mosquitto, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<MosquittoFixture>, IClassFixture<ChromiumFixture>
{
    private const string PublicTopic = "feed.post-published";
    private const string PrivateTopic = "rooms.room-opened";

    [Fact]
    public async Task An_anonymous_browser_reads_public_topics_only_and_cannot_publish()
    {
        await using var site = await StartSiteWithMqttJsAsync();
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(site.Urls.First());

        await page.EvaluateAsync(@"async ([url, topics]) => {
            window.received = [];
            const client = mqtt.connect(url, { protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 20000 });
            client.on('message', (topic, payload) => window.received.push(topic + ':' + payload));
            await new Promise((resolve, reject) => {
                client.on('connect', resolve);
                client.on('error', reject);
                client.on('close', () => reject(new Error('connection closed')));
            });
            await client.subscribeAsync(topics, { qos: 1 });
            await client.publishAsync(topics[0], 'forbidden', { qos: 1 });
        }", new object[] { $"ws://127.0.0.1:{mosquitto.WebSocketPort}/mqtt", new[] { PublicTopic, PrivateTopic } });
        // mosquitto handles messages in order, so anything that would leak arrives before the last public message.
        await ServicePublishAsync(PrivateTopic, "private");
        await ServicePublishAsync(PublicTopic, "allowed");
        await page.WaitForFunctionAsync("() => window.received.length > 0", null, new() { Timeout = 20_000 });

        Assert.Equal([$"{PublicTopic}:allowed"], await page.EvaluateAsync<string[]>("() => window.received"));
    }

    // A real HTTP origin on 127.0.0.1: Chromium blocks a routed (address-less) page from reaching loopback ports.
    private static async Task<WebApplication> StartSiteWithMqttJsAsync()
    {
        var mqttJs = Path.Combine(RepositoryRoot.Find(), "services/Gateway/node_modules/mqtt/dist/mqtt.min.js");
        Assert.True(File.Exists(mqttJs), $"{mqttJs} is missing: run npm ci --prefix services/Gateway");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var site = builder.Build();
        site.MapGet("/", () => TypedResults.Content("<script src=\"/mqtt.min.js\"></script>", "text/html"));
        site.MapGet("/mqtt.min.js", () => TypedResults.PhysicalFile(mqttJs, "text/javascript"));
        await site.StartAsync();
        return site;
    }

    private async Task ServicePublishAsync(string topic, string message)
    {
        var result = await CommandLineTool.RunAsync("mosquitto_pub",
            ["-h", mosquitto.Host, "-p", $"{mosquitto.Port}", "-u", mosquitto.ServiceUsername, "-P", mosquitto.ServicePassword,
             "-t", topic, "-m", message, "-q", "1"], TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.OutputText);
    }
}
