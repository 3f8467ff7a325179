using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Hiroba.TestSupport;

namespace Hiroba.Feed.Tests;

/// <summary>
/// The whole feed as a browser sees it: the real gateway (a process, serving the pages and proxying
/// <c>/api/feed</c> and <c>/mqtt</c>) in front of the Feed service and the real broker, sharing one key ring.
/// </summary>
public sealed class FeedSiteFixture : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-feed-tests";

    /// <summary>Gateway clusters the feed pages do not use; they point at the Feed so the gateway's health is green.</summary>
    private static readonly string[] OtherClusters = ["rooms", "snapshots", "cameras", "signaling"];

    private readonly TemporaryDirectory _keyRing = new("keyring");
    private readonly TemporaryDirectory _data = new("feed-data");
    private ServiceProcess? _gateway;

    public MosquittoFixture Broker { get; } = new();

    public FeedFactory Feed { get; private set; } = null!;

    public Uri GatewayUri => _gateway?.BaseUri ?? throw new InvalidOperationException("The gateway is not started.");

    public Uri PageUri(string path) => new(GatewayUri, path);

    /// <summary>A client of the posts API through the gateway, as a browser's scripts use it.</summary>
    public FeedApiClient CreateClient() => new(new HttpClient { BaseAddress = GatewayUri });

    /// <summary>Signs in at the gateway with the admin password and returns the <c>Cookie</c> header value.</summary>
    public async Task<string> SignInAsAdminAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = GatewayUri };
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { password = AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    /// <summary>Waits until the Feed is connected to the broker again (after a test restarted it).</summary>
    public Task WaitUntilFeedReadyAsync() => Eventually.TrueAsync(async () =>
    {
        using var client = new HttpClient { BaseAddress = Feed.RootUri };
        using var response = await client.GetAsync("/readyz");
        return response.StatusCode == HttpStatusCode.OK;
    }, "the feed is connected to the broker", TimeSpan.FromSeconds(60));

    public async Task InitializeAsync()
    {
        await Broker.StartAsync();
        Feed = new FeedFactory(FeedFactory.Settings(Broker, _keyRing.Path, _data.Path));
        var feedUri = Feed.RootUri.ToString();
        var settings = new Dictionary<string, string?>
        {
            ["Auth:KeyRingPath"] = _keyRing.Path,
            ["Auth:AdminPassword"] = AdminPassword,
            ["Auth:SignInRateLimit:PermitLimit"] = "1000",
            [Destination("feed")] = feedUri,
            [Destination("mqtt")] = $"http://{Broker.Host}:{Broker.WebSocketPort.ToString(CultureInfo.InvariantCulture)}/",
        };
        foreach (var cluster in OtherClusters)
        {
            settings[Destination(cluster)] = feedUri;
        }
        _gateway = await ServiceProcess.StartAsync("Gateway", settings);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        await Feed.DisposeAsync();
        await Broker.DisposeAsync();
        _data.Dispose();
        _keyRing.Dispose();
    }

    private static string Destination(string cluster) => $"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address";
}
