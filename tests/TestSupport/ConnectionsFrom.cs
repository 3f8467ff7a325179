using System.Net;
using System.Net.Sockets;

namespace Hiroba.TestSupport;

/// <summary>HTTP (and WebSocket) connections that come from a chosen local address, any of 127.0.0.0/8, as another client's would.</summary>
public static class ConnectionsFrom
{
    public static SocketsHttpHandler Handler(IPAddress address) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
