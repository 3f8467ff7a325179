using System.Net;
using Hiroba.AppHost;

namespace Hiroba.LocalComponents.Tests.AppHost;

public sealed class PublicEndpointTests
{
    private static readonly IPAddress Lan = IPAddress.Parse("192.168.1.20");
    private static readonly MachineNetwork InARoom = new([IPAddress.Loopback, Lan], ("wlan0", Lan), "laptop");
    private static readonly MachineNetwork Offline = new([IPAddress.Loopback], null, "laptop");

    [Fact]
    public void By_default_it_serves_the_room_over_https_on_the_address_of_the_default_route()
    {
        var endpoint = PublicEndpoint.Choose(Settings(), InARoom);

        Assert.Equal(new Uri("https://192.168.1.20:8443/"), endpoint.Url);
        Assert.Equal(Lan, endpoint.Address);
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), endpoint.HostUrl);
        Assert.Equal(new Uri("http://192.168.1.20:8080/trust"), endpoint.TrustUrl);
        Assert.Equal([(new Uri("https://192.168.1.20:8443"), "HIROBA_PUBLIC_URL"), (new Uri("http://192.168.1.20:8080"), "HIROBA_PORT")], endpoint.NetworkListeners);
        Assert.Contains("HIROBA_PUBLIC_URL=http://127.0.0.1:8080", endpoint.OtherChoice, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_private_default_route_it_serves_this_machine_only_and_says_how_to_serve_a_room()
    {
        var publicRoute = new MachineNetwork([IPAddress.Loopback, IPAddress.Parse("203.0.113.9")], ("eth0", IPAddress.Parse("203.0.113.9")), "server");

        foreach (var network in new[] { Offline, publicRoute })
        {
            var endpoint = PublicEndpoint.Choose(Settings(), network);

            Assert.True(endpoint.IsThisMachineOnly);
            Assert.Equal(new Uri("http://127.0.0.1:8080/"), endpoint.Url);
            Assert.Empty(endpoint.NetworkListeners);
            Assert.Contains("HIROBA_PUBLIC_URL=https://", endpoint.OtherChoice, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void HIROBA_PUBLIC_URL_on_loopback_keeps_it_on_this_machine_and_names_the_room_as_the_other_choice()
    {
        var endpoint = PublicEndpoint.Choose(Settings(("HIROBA_PUBLIC_URL", "http://127.0.0.1:9090")), InARoom);

        Assert.True(endpoint.IsThisMachineOnly);
        Assert.Equal(9090, endpoint.HttpPort);
        Assert.Contains("https://192.168.1.20:8443", endpoint.OtherChoice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://10.9.9.9:8443", "not an address of this machine")]
    [InlineData("https://[fe80::1]:8443", "IPv4")]
    public void HIROBA_PUBLIC_URL_must_name_an_IPv4_address_of_this_machine(string publicUrl, string message)
    {
        var error = Assert.Throws<RunSettingsException>(() => PublicEndpoint.Choose(Settings(("HIROBA_PUBLIC_URL", publicUrl)), InARoom));

        Assert.Contains("HIROBA_PUBLIC_URL", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_public_address_needs_the_operators_certificate_because_the_local_CA_vouches_only_for_private_ones()
    {
        var server = IPAddress.Parse("203.0.113.9");
        var network = new MachineNetwork([IPAddress.Loopback, server], ("eth0", server), "server");

        var error = Assert.Throws<RunSettingsException>(() => PublicEndpoint.Choose(Settings(("HIROBA_PUBLIC_URL", "https://203.0.113.9:8443")), network));
        var withCertificate = PublicEndpoint.Choose(
            Settings(("HIROBA_PUBLIC_URL", "https://203.0.113.9:8443"), ("HIROBA_TLS_CERT", "/etc/hiroba/cert.pem"), ("HIROBA_TLS_KEY", "/etc/hiroba/key.pem")), network);

        Assert.Contains("HIROBA_TLS_CERT", error.Message, StringComparison.Ordinal);
        Assert.Equal(server, withCertificate.Address);
    }

    [Fact]
    public void The_server_certificate_covers_the_public_address_loopback_and_the_machines_mdns_name()
    {
        var names = GatewayCertificate.NamesFor(PublicEndpoint.Choose(Settings(), InARoom), "laptop");

        Assert.Equal([IPAddress.Loopback, Lan], names.Addresses);
        Assert.Equal(["laptop.local", "localhost"], names.DnsNames);
    }

    private static RunSettings Settings(params (string Name, string Value)[] variables) =>
        RunSettings.FromEnvironment(name => variables.FirstOrDefault(variable => variable.Name == name).Value);
}
