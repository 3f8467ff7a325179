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

    [Theory]
    [InlineData("http://127.0.0.1:9001/", "must be a ws://, wss://, mqtt:// or mqtts:// address")]
    [InlineData("ws://hiroba-services:secret@127.0.0.1:9001/", "holds no broker password")]
    [InlineData("", "Gateway:Mqtt:Broker")]
    public async Task The_gateway_refuses_a_broker_address_it_cannot_read_the_public_topics_from_anonymously(string broker, string expected)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["Gateway:Mqtt:Broker"] = broker;

        var error = await Assert.ThrowsAsync<ChildProcessException>(() => ServiceProcess.StartAsync("Gateway", settings));

        Assert.Contains(error.RecentOutput, line => line.Contains(expected, StringComparison.Ordinal));
    }
}
