using System.Net.Http.Json;
using Hiroba.Gateway.Apis;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

public sealed class SiteApiTests
{
    [Fact]
    public async Task The_site_names_the_configured_public_url()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["Gateway:PublicUrl"] = "https://192.168.1.20:8443";
        await using var gateway = new GatewayFactory(settings);
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        var site = await client.GetFromJsonAsync<SiteInfo>("/api/site");

        Assert.Equal("https://192.168.1.20:8443", site?.PublicUrl);
    }

    [Fact]
    public async Task Without_a_public_url_the_site_names_the_origin_the_request_came_to()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new GatewayFactory(GatewayFactory.BaseSettings(keyRing.Path));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        var site = await client.GetFromJsonAsync<SiteInfo>("/api/site");

        Assert.Equal(gateway.RootUri.ToString().TrimEnd('/'), site?.PublicUrl);
    }
}
