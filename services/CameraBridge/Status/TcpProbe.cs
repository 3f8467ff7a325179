using System.Net;
using System.Net.Sockets;

namespace Hiroba.CameraBridge.Status;

/// <summary>Whether something accepts TCP connections at a camera URL's host and port (Momo's HTTP server).</summary>
public static class TcpProbe
{
    public static async Task<bool> IsReachableAsync(Uri url, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new DnsEndPoint(url.IdnHost, url.Port), linked.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
