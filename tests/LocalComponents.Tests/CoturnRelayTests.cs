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
    private readonly TemporaryDirectory _directory = new("coturn-relay");
    private readonly CoturnServer _denyingLoopback;
    private readonly CoturnServer _allowingLoopback;

    public CoturnRelayTests()
    {
        _denyingLoopback = new CoturnServer(new CoturnOptions(Path.Combine(_directory.Path, "denying"), Secrets.Create()));
        _allowingLoopback = new CoturnServer(new CoturnOptions(Path.Combine(_directory.Path, "allowing"), Secrets.Create(), AllowLoopbackPeers: true));
    }

    public Task InitializeAsync() =>
        Task.WhenAll(_denyingLoopback.StartAsync(CancellationToken.None), _allowingLoopback.StartAsync(CancellationToken.None));

    public async Task DisposeAsync()
    {
        await _denyingLoopback.DisposeAsync();
        await _allowingLoopback.DisposeAsync();
        _directory.Dispose();
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.12.34.56")]
    [InlineData("0.0.0.0")]
    [InlineData("169.254.169.254")]
    public async Task Without_the_opt_in_a_relay_may_not_reach_loopback_or_link_local_peers(string peer)
    {
        await using var turn = await TurnClient.WithUdpRelayAsync(Endpoint(_denyingLoopback), _denyingLoopback.Secret);

        var permission = await turn.CreatePermissionAsync(IPAddress.Parse(peer), CancellationToken.None);

        Assert.Equal(TurnAnswer.Forbidden, permission.ErrorCode);
    }

    [Fact]
    public async Task With_the_opt_in_a_relay_reaches_a_loopback_peer_and_still_no_link_local_one()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        await using var turn = await TurnClient.WithUdpRelayAsync(Endpoint(_allowingLoopback), _allowingLoopback.Secret);

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
        foreach (var server in new[] { _denyingLoopback, _allowingLoopback })
        {
            await using var turn = await TurnClient.OverTcpAsync(Endpoint(server), CancellationToken.None);

            var allocation = await turn.AllocateAsync(server.Secret, TurnRelay.Tcp, CancellationToken.None);

            Assert.Equal(TurnAnswer.UnsupportedTransportProtocol, allocation.ErrorCode);
        }
    }

    private static IPEndPoint Endpoint(CoturnServer server) => new(IPAddress.Parse(server.Host), server.Port);
}
