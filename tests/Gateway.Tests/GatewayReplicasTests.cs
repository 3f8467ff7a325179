using System.Net;
using Hiroba.TestSupport;
using static Hiroba.Gateway.Tests.HttpAssertions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// Two replicas of the gateway, as on Kubernetes (docs/scaling.md): they share the key ring folder and the broker, and
/// nothing else. A session made at one is valid at the other and ends at both; every page gets every event whichever
/// replica it reached.
/// </summary>
public sealed class GatewayReplicasTests : IAsyncLifetime
{
    private const string PublicTopic = "feed.post-published";

    private readonly MosquittoFixture _mosquitto = new();
    private MqttGateway _first = null!;
    private MqttGateway _second = null!;

    public async Task InitializeAsync()
    {
        await _mosquitto.StartAsync();
        _first = await MqttGateway.StartAsync(_mosquitto);
        _second = await MqttGateway.StartAsync(_mosquitto, new Dictionary<string, string?> { ["Auth:KeyRingPath"] = _first.KeyRingPath });
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _mosquitto.DisposeAsync();
    }

    [Fact]
    public async Task A_session_made_at_one_replica_is_valid_at_the_other_and_signing_out_at_either_ends_it_at_both()
    {
        using var first = _first.Factory.CreateClient();
        using var second = _second.Factory.CreateClient();
        var cookie = CookiePair(await SignInAsync(first, GatewayFactory.AdminPassword));

        Assert.Equal(HttpStatusCode.OK, await MeAsync(second, cookie));

        using var signedOut = await second.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out").WithCookie(cookie));
        Assert.Equal(HttpStatusCode.NoContent, signedOut.StatusCode);
        // Each replica learns of the sign-out from the shared folder (at once, or at its next look within 5 s).
        await Eventually.TrueAsync(async () => await MeAsync(first, cookie) == HttpStatusCode.Unauthorized, "the first replica refuses the signed-out cookie");
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(second, cookie));
    }

    [Fact]
    public async Task Pages_on_either_replica_receive_every_event_in_order()
    {
        await using var onFirst = await _first.OpenLivePageAsync("page-on-first", PublicTopic);
        await using var onSecond = await _second.OpenLivePageAsync("page-on-second", PublicTopic);

        for (var i = 0; i < 10; i++)
        {
            var published = await _mosquitto.PublishAsServiceAsync(PublicTopic, $"event {i}");
            Assert.True(published.ExitCode == 0, published.OutputText);
        }

        foreach (var page in new[] { onFirst, onSecond })
        {
            for (var i = 0; i < 10; i++)
            {
                Assert.Equal($"event {i}", await page.ReceivePublishedAsync());
            }
        }
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client, string cookie)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/auth/me").WithCookie(cookie));
        return response.StatusCode;
    }
}
