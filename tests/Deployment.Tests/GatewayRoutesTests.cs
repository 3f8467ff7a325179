using System.Text.Json;
using Hiroba.Deployment.Tests.Files;

namespace Hiroba.Deployment.Tests;

public sealed class GatewayRoutesTests
{
    /// <summary>The Snapshots service's default <c>Snapshots:MaxImageBytes</c>.</summary>
    private const long SnapshotsMaxImageBytes = 4 * 1024 * 1024;

    [Fact]
    public void Only_the_screen_walls_upload_route_raises_the_proxied_body_limit_and_above_what_the_snapshots_service_accepts()
    {
        using var settings = JsonDocument.Parse(Repository.Read("services/Gateway/appsettings.json"));
        var routes = settings.RootElement.GetProperty("ReverseProxy").GetProperty("Routes").EnumerateObject().ToArray();

        var raised = Assert.Single(routes, route => route.Value.TryGetProperty("Metadata", out var metadata) && metadata.TryGetProperty("MaxRequestBodySize", out _));
        var match = raised.Value.GetProperty("Match");
        Assert.Equal("snapshots", raised.Value.GetProperty("ClusterId").GetString());
        Assert.Equal("/api/snapshots/rooms/{room}/guests/{guest}", match.GetProperty("Path").GetString());
        Assert.Equal(["PUT"], match.GetProperty("Methods").EnumerateArray().Select(method => method.GetString()));
        var limit = long.Parse(raised.Value.GetProperty("Metadata").GetProperty("MaxRequestBodySize").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(limit > SnapshotsMaxImageBytes, "the service, not the gateway, answers an image that is too large");
        Assert.False(ServiceDeployment.Of("Snapshots").Service.Environment.ContainsKey("Snapshots__MaxImageBytes"),
            "compose would need the gateway's route limit raised too");
    }
}
