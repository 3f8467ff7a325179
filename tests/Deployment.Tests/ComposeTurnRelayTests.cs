using System.Net;
using Hiroba.Deployment.Tests.Turn;
using Hiroba.TestSupport.Turn;

namespace Hiroba.Deployment.Tests;

/// <summary>
/// Where a relay of the compose coturn may go for anyone with a credential from <c>/api/rooms/ice-servers</c> (issue 11,
/// finding 4): coturn shares the host's network, from where the compose networks, and the services on them without the
/// gateway in front, are reachable.
/// </summary>
public sealed class ComposeTurnRelayTests(ComposeTurnServerFixture fixture) : IClassFixture<ComposeTurnServerFixture>
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("169.254.169.254")]
    // Docker's default address pools for bridge networks (compose's own network among them).
    [InlineData("172.17.0.1")]
    [InlineData("172.18.0.5")]
    [InlineData("192.168.1.10")]
    public async Task A_relay_may_not_reach_the_hosts_loopback_the_compose_networks_or_any_private_address(string peer)
    {
        await using var turn = await TurnClient.WithUdpRelayAsync(Endpoint, fixture.Server.Secret);

        var permission = await turn.CreatePermissionAsync(IPAddress.Parse(peer), CancellationToken.None);

        Assert.Equal(TurnAnswer.Forbidden, permission.ErrorCode);
    }

    [Fact]
    public async Task A_relay_may_reach_an_address_outside_those_ranges()
    {
        await using var turn = await TurnClient.WithUdpRelayAsync(Endpoint, fixture.Server.Secret);

        var permission = await turn.CreatePermissionAsync(IPAddress.Parse("203.0.113.7"), CancellationToken.None);

        Assert.True(permission.Succeeded, permission.ToString());
    }

    [Fact]
    public async Task There_is_no_TCP_relay()
    {
        await using var turn = await TurnClient.OverTcpAsync(Endpoint, CancellationToken.None);

        var allocation = await turn.AllocateAsync(fixture.Server.Secret, TurnRelay.Tcp, CancellationToken.None);

        Assert.Equal(TurnAnswer.UnsupportedTransportProtocol, allocation.ErrorCode);
    }

    private IPEndPoint Endpoint => new(IPAddress.Parse(fixture.Server.Host), fixture.Server.Port);
}
