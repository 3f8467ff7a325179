using System.Net.WebSockets;
using System.Text;

namespace Hiroba.TestSupport;

/// <summary>Whole text messages from a WebSocket, for test clients and test doubles.</summary>
public static class WebSocketText
{
    /// <returns>The next message; null once the other side sent its close frame.</returns>
    public static async Task<string?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }
}
