using System.Net;
using System.Text.Json;
using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

public sealed class HealthTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    private static readonly string[] ServiceClusters = ["feed", "rooms", "snapshots", "cameras", "signaling"];

    [Fact]
    public async Task Readyz_names_every_destination_and_turns_503_when_a_service_stops_while_healthz_stays_200()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var backend = await BackendApp.StartAsync(keyRing.Path);
        var settings = SettingsRoutingEveryClusterTo(backend, keyRing.Path);
        await using var gateway = new GatewayFactory(settings);
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        await Eventually.TrueAsync(async () => await MqttGateway.LiveEventsStatusAsync(client) == "Healthy", "the gateway reads the public topics");
        var (upStatus, upDestinations) = await GetDestinationsAsync(client);
        Assert.Equal(HttpStatusCode.OK, upStatus);
        Assert.Equal([.. ServiceClusters.Select(cluster => $"{cluster}/d1").Order()], upDestinations.Keys.Order());
        Assert.All(upDestinations.Values, status => Assert.Equal("Healthy", status));

        await backend.StopAsync();

        var (downStatus, downDestinations) = await GetDestinationsAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        Assert.All(ServiceClusters, cluster => Assert.Equal("Unhealthy", downDestinations[$"{cluster}/d1"]));
        Assert.Equal("Healthy", await MqttGateway.LiveEventsStatusAsync(client));
        // Alive all the same: a liveness probe (Kubernetes, compose) must not restart the gateway for a backend's outage.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task A_cluster_with_one_process_down_leaves_the_gateway_ready_and_one_with_none_up_does_not()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var backend = await BackendApp.StartAsync(keyRing.Path);
        var settings = SettingsRoutingEveryClusterTo(backend, keyRing.Path);
        // A second Snapshots process that is down (nothing listens on the discard port).
        settings["ReverseProxy:Clusters:snapshots:Destinations:d2:Address"] = "http://127.0.0.1:9/";
        await using var gateway = new GatewayFactory(settings);
        using var client = new HttpClient { BaseAddress = gateway.RootUri };
        await Eventually.TrueAsync(async () => await MqttGateway.LiveEventsStatusAsync(client) == "Healthy", "the gateway reads the public topics");

        var (status, destinations) = await GetDestinationsAsync(client);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Unhealthy", destinations["snapshots/d2"]);
        Assert.Equal("Healthy", destinations["snapshots/d1"]);

        await backend.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetDestinationsAsync(client)).Status);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task From_elsewhere_an_anonymous_caller_gets_only_the_status_and_the_admin_every_detail(string path)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var backend = await BackendApp.StartAsync(keyRing.Path);
        var settings = SettingsRoutingEveryClusterTo(backend, keyRing.Path);
        // A proxy on loopback forwards callers from elsewhere, as a TLS proxy on the gateway's host would.
        settings["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1";
        await using var gateway = new GatewayFactory(settings);
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = gateway.RootUri };
        await Eventually.TrueAsync(async () => await MqttGateway.LiveEventsStatusAsync(client) == "Healthy", "the gateway reads the public topics");
        var admin = $"{HttpAssertions.SessionCookie}={backend.CreateCookieValue(HirobaRoles.Admin, DateTimeOffset.UtcNow.AddHours(1))}";

        using var anonymous = await GetFromElsewhereAsync(client, path, cookie: null);
        using var forAdmin = await GetFromElsewhereAsync(client, path, admin);
        using var onLoopback = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("""{"status":"Healthy"}""", await anonymous.Content.ReadAsStringAsync());
        foreach (var detailed in new[] { forAdmin, onLoopback })
        {
            var body = await detailed.Content.ReadAsStringAsync();
            Assert.Contains("\"checks\"", body, StringComparison.Ordinal);
            // The destinations' internal addresses are part of the readiness details.
            Assert.Equal(path == "/readyz", body.Contains(backend.BaseUri.Authority, StringComparison.Ordinal));
        }
    }

    /// <summary>The gateway's settings with every cluster's one destination at <paramref name="backend"/>, and the test broker.</summary>
    private Dictionary<string, string?> SettingsRoutingEveryClusterTo(BackendApp backend, string keyRingPath)
    {
        var settings = GatewayFactory.BaseSettings(keyRingPath);
        foreach (var cluster in ServiceClusters)
        {
            settings[GatewayFactory.DestinationKey(cluster)] = backend.BaseUri.ToString();
        }
        settings["Gateway:Mqtt:Broker"] = $"ws://{mosquitto.Host}:{mosquitto.WebSocketPort}/";
        return settings;
    }

    private static async Task<HttpResponseMessage> GetFromElsewhereAsync(HttpClient client, string path, string? cookie)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path).WithCookie(cookie);
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        return await client.SendAsync(request);
    }

    /// <returns>The status code and each destination's status from the gateway's <c>/readyz</c>.</returns>
    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Destinations)> GetDestinationsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/readyz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var destinations = body.RootElement.GetProperty("checks").GetProperty("destinations").GetProperty("data")
            .EnumerateObject()
            .ToDictionary(destination => destination.Name, destination => destination.Value.GetProperty("status").GetString()!);
        return (response.StatusCode, destinations);
    }
}
