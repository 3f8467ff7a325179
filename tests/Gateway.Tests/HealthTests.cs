using System.Net;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

public sealed class HealthTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    private static readonly string[] ServiceClusters = ["feed", "rooms", "snapshots", "cameras", "signaling"];

    [Fact]
    public async Task Healthz_names_every_destination_and_turns_503_when_a_service_stops()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var backend = await BackendApp.StartAsync(keyRing.Path);
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        foreach (var cluster in ServiceClusters)
        {
            settings[GatewayFactory.DestinationKey(cluster)] = backend.BaseUri.ToString();
        }
        settings[GatewayFactory.DestinationKey("mqtt")] = $"http://{mosquitto.Host}:{mosquitto.WebSocketPort}/";
        await using var gateway = new GatewayFactory(settings);
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        var (upStatus, upDestinations) = await GetDestinationsAsync(client);
        Assert.Equal(HttpStatusCode.OK, upStatus);
        Assert.Equal([.. ServiceClusters.Append("mqtt").Select(cluster => $"{cluster}/d1").Order()], upDestinations.Keys.Order());
        Assert.All(upDestinations.Values, status => Assert.Equal("Healthy", status));

        await backend.StopAsync();

        var (downStatus, downDestinations) = await GetDestinationsAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, downStatus);
        Assert.All(ServiceClusters, cluster => Assert.Equal("Unhealthy", downDestinations[$"{cluster}/d1"]));
        Assert.Equal("Healthy", downDestinations["mqtt/d1"]);
    }

    /// <returns>The status code and each destination's status from the gateway's <c>/healthz</c>.</returns>
    private static async Task<(HttpStatusCode Status, Dictionary<string, string> Destinations)> GetDestinationsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/healthz");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var destinations = body.RootElement.GetProperty("checks").GetProperty("destinations").GetProperty("data")
            .EnumerateObject()
            .ToDictionary(destination => destination.Name, destination => destination.Value.GetProperty("status").GetString()!);
        return (response.StatusCode, destinations);
    }
}
