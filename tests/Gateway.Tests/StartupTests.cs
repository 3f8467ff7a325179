using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>The built gateway as a process, as the app host starts it: a missing setting stops it, naming the setting.</summary>
public sealed class StartupTests
{
    [Theory]
    [InlineData("Auth:AdminPassword")]
    [InlineData("Auth:KeyRingPath")]
    public async Task The_gateway_refuses_to_start_without_a_required_setting_and_names_it(string missingSetting)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings.Remove(missingSetting);

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains($"Setting {missingSetting} is", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://192.168.1.20:8443")]
    [InlineData("https://192.168.1.20:8443/hiroba")]
    [InlineData("https://user@192.168.1.20:8443")]
    public async Task The_gateway_refuses_a_public_url_that_is_not_an_http_origin_and_names_the_setting(string publicUrl)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["Gateway:PublicUrl"] = publicUrl;

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains("Setting Gateway:PublicUrl is", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("many")]
    public async Task The_gateway_refuses_a_cap_on_mqtt_connections_that_is_not_a_positive_number(string maxConnections)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["Gateway:Mqtt:MaxConnections"] = maxConnections;

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains("Gateway:Mqtt:MaxConnections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gateway_refuses_a_route_whose_mqtt_connection_cap_is_neither_on_nor_off()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["ReverseProxy:Routes:mqtt-ws:Metadata:MqttConnectionCap"] = "fair";

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains("MqttConnectionCap must be true or false", StringComparison.Ordinal));
    }
}
