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

    /// <returns>The link (a <see cref="MediaServerLink"/>), or why the room refused it.</returns>
    public static Task<LinkOpening> OpenAsync(
        AyameRoomEndpoint room, Uri signalingUrl, ViewingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        var clientId = ClientIdPrefix + RandomNumberGenerator.GetHexString(12, lowercase: true);
        return RegisterInRoomAsync(
            signalingUrl, options, SignalMessages.Register(room.RoomId, clientId, room.SignalingKey, Role), socket => new MediaServerLink(socket),
            (link, answer) => answer switch
            {
                { Type: "accept" } => LinkOpening.Opened(link),
                { Type: "reject", Reason: "full" } => LinkOpening.Refused(EndReason.Busy),
                _ => LinkOpening.Refused(EndReason.Unavailable),
            },
            _ => LinkOpening.Refused(EndReason.Unavailable),
            cancellationToken);
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
