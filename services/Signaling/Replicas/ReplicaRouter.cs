using System.Net;
using System.Net.WebSockets;
using System.Text;
using Hiroba.Signaling.Connections;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// With several replicas: a connection whose first message joins a room that lives on another replica is relayed
/// there (<see cref="RelayHub"/>); everything else runs here, this replica claiming the room if nobody runs it. Clients
/// join with their first message (the call page, the Ayame SDK and Momo do); one that sends something else first is
/// served here.
/// </summary>
public sealed partial class ReplicaRouter(
    SignalingEndpoints endpoints, ReplicaDirectory directory, RelayHub hub, ILogger<ReplicaRouter> logger) : IConnectionRouter
{
    public async Task RunAsync(string endpoint, PeerSocket socket, IPAddress clientAddress, CancellationToken stopping)
    {
        ReceivedFrame first;
        // Silent as long as a connection of the endpoint may be: until its first message it has no timers of its own.
        using (var firstWait = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            firstWait.CancelAfter(endpoints.SilenceTimeout(endpoint));
            try
            {
                first = await socket.ReceiveAsync(endpoints.MaxMessageBytes(endpoint), firstWait.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
            {
                socket.Abort();
                return;
            }
        }
        var home = directory.Me;
        var room = first.Outcome == ReceiveOutcome.Message ? SignalingEndpoints.RoomJoinedBy(endpoint, first.Payload) : null;
        if (room is not null)
        {
            try
            {
                home = await directory.ClaimAsync(endpoint, room, stopping);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                first.Dispose();
                LogDirectoryFailed(logger, exception, room);
                socket.Close(ReplicaCloseStatus.TryAgainLater, "room directory unavailable");
                await socket.RunWriterAsync();
                return;
            }
        }
        if (home == directory.Me)
        {
            await endpoints.Create(endpoint, socket, clientAddress).RunAsync(stopping, first);
            return;
        }
        string firstMessage;
        using (first)
        {
            firstMessage = Encoding.UTF8.GetString(first.Payload);
        }
        await hub.ForwardAsync(home, endpoint, room!, socket, clientAddress, firstMessage, stopping);
    }

    [LoggerMessage(LogLevel.Error, "Could not find the replica of room {RoomId} in the shared directory; the client is asked to try again")]
    private static partial void LogDirectoryFailed(ILogger logger, Exception exception, string roomId);
}
