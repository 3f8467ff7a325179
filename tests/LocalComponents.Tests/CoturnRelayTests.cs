using System.Net;
using System.Net.Sockets;
using System.Text;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Turn;

namespace Hiroba.LocalComponents.Tests;

/// <summary>
/// Where a relay of the real coturn may go for anyone with a credential from <c>/api/rooms/ice-servers</c> (issue 11,
/// finding 4): never to this machine's loopback services unless a coturn that listens on loopback alone opts in, never
/// to link-local addresses, and never over TCP.
/// </summary>
public sealed class CoturnRelayTests : IAsyncLifetime
{
    private CoturnFixture DenyingLoopback { get; } = CoturnFixture.OnLoopback(allowLoopbackPeers: false);

    private CoturnFixture AllowingLoopback { get; } = CoturnFixture.OnLoopback(allowLoopbackPeers: true);

    public Task InitializeAsync() => Task.WhenAll(DenyingLoopback.StartAsync(), AllowingLoopback.StartAsync());

    public async Task DisposeAsync()
    {
        await DenyingLoopback.DisposeAsync();
        await AllowingLoopback.DisposeAsync();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.12.34.56")]
    [InlineData("0.0.0.0")]
    [InlineData("169.254.169.254")]
    public async Task Without_the_opt_in_a_relay_may_not_reach_loopback_or_link_local_peers(string peer)
    {
        await using var turn = await TurnClient.WithUdpRelayAsync(DenyingLoopback.Endpoint, DenyingLoopback.Secret);

        var permission = await turn.CreatePermissionAsync(IPAddress.Parse(peer), CancellationToken.None);

        Assert.Equal(TurnAnswer.Forbidden, permission.ErrorCode);
    }

    [Fact]
    public async Task With_the_opt_in_a_relay_reaches_a_loopback_peer_and_still_no_link_local_one()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var turn = await TurnClient.WithUdpRelayAsync(AllowingLoopback.Endpoint, AllowingLoopback.Secret);

        var permission = await turn.CreatePermissionAsync(IPAddress.Loopback, CancellationToken.None);
        await turn.SendAsync((IPEndPoint)peer.Client.LocalEndPoint!, Encoding.UTF8.GetBytes("relayed"), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TurnClient.AnswerTimeout);
        var received = await peer.ReceiveAsync(timeout.Token);

        Assert.True(permission.Succeeded, permission.ToString());
        Assert.Equal("relayed", Encoding.UTF8.GetString(received.Buffer));
        Assert.Equal(TurnAnswer.Forbidden, (await turn.CreatePermissionAsync(IPAddress.Parse("169.254.169.254"), CancellationToken.None)).ErrorCode);
    }

    [Fact]
    public async Task Neither_gives_a_TCP_relay()
    {
        foreach (var server in new[] { DenyingLoopback, AllowingLoopback })
        {
            await using var turn = await TurnClient.OverTcpAsync(server.Endpoint, CancellationToken.None);

            var allocation = await turn.AllocateAsync(server.Secret, TurnRelay.Tcp, CancellationToken.None);

            Assert.Equal(TurnAnswer.UnsupportedTransportProtocol, allocation.ErrorCode);
        }
    }
}
