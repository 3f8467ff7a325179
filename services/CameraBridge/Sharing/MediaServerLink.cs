using System.Net.WebSockets;
using System.Security.Cryptography;
using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Viewing;

namespace Hiroba.CameraBridge.Sharing;

/// <summary>
/// The bridge in a shared camera's Ayame room as its media server: it takes the first seat (docs/signaling-protocol.md),
/// so that Momo registers again as the second peer and offers its stream, which the bridge hands to Janus.
/// </summary>
public sealed class MediaServerLink : CameraLink
{
    public const string ClientIdPrefix = "hiroba-media-server-";
    private const string Role = "media-server";

    private MediaServerLink(MessageSocket socket) : base(socket)
    {
    }

    /// <returns>The link, or why the room refused it.</returns>
    public static async Task<(MediaServerLink? Link, EndReason Refusal)> OpenAsync(
        AyameRoomEndpoint room, Uri signalingUrl, ViewingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        MediaServerLink? link = null;
        try
        {
            link = new MediaServerLink(await ConnectAsync(signalingUrl, options, timeout.Token));
            var clientId = ClientIdPrefix + RandomNumberGenerator.GetHexString(12, lowercase: true);
            await link.SendAsync(SignalMessages.Register(room.RoomId, clientId, room.SignalingKey, Role), timeout.Token);
            var refusal = await link.ReceiveSignalAsync(timeout.Token) switch
            {
                { Type: "accept" } => (EndReason?)null,
                { Type: "reject", Reason: "full" } => EndReason.Busy,
                _ => EndReason.Unavailable,
            };
            if (refusal is null)
            {
                return (link, default);
            }
            await link.DisposeAsync();
            return (null, refusal.Value);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (link is not null)
            {
                await link.DisposeAsync();
            }
            return (null, EndReason.Unavailable);
        }
    }

    /// <returns>Momo's next offer or candidate; null once Momo left (<c>bye</c>) or the link closed.</returns>
    public async Task<SignalMessage?> NextFromCameraAsync(CancellationToken cancellationToken)
    {
        while (await ReceiveSignalAsync(cancellationToken) is { } message && !EndsSession(message))
        {
            if (message.Type is "offer" or "candidate")
            {
                return message;
            }
        }
        return null;
    }

    protected override bool EndsSession(SignalMessage message) => message.Type == "bye";
}
