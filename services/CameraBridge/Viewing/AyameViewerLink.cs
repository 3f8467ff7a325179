using System.Security.Cryptography;
using Hiroba.CameraBridge.Cameras;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// The viewer's side of an Ayame-mode camera: the bridge registers in the camera's room on Signaling's
/// <c>/signaling</c> as the second peer (Momo is the first, waiting), with the room's signaling key, which never
/// reaches the browser. Signaling's pings are answered; its <c>bye</c> (Momo left) ends the session.
/// </summary>
public sealed partial class AyameViewerLink : CameraLink
{
    /// <summary>Prefix of the <c>clientId</c> the bridge registers with; Signaling shows it as the peer's name.</summary>
    public const string ClientIdPrefix = "hiroba-viewer-";

    private AyameViewerLink(MessageSocket socket) : base(socket)
    {
    }

    public static Task<LinkOpening> OpenAsync(
        AyameRoomEndpoint room, Uri signalingUrl, ViewingOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(room);
        var clientId = ClientIdPrefix + RandomNumberGenerator.GetHexString(12, lowercase: true);
        return RegisterInRoomAsync(
            signalingUrl, options, SignalMessages.Register(room.RoomId, clientId, room.SignalingKey), socket => new AyameViewerLink(socket),
            (link, answer) => answer switch
            {
                { Type: "accept", IsExistUser: true } accept => LinkOpening.Opened(link, accept.IceServersJson),
                // Alone in the room: Momo is not there.
                { Type: "accept" } => LinkOpening.Refused(EndReason.Offline),
                { Type: "reject", Reason: "full" } => LinkOpening.Refused(EndReason.Busy),
                { Type: "reject" } reject => Refused(logger, room.RoomId, reject.Reason),
                _ => Refused(logger, room.RoomId, "no accept"),
            },
            reason => Refused(logger, room.RoomId, reason),
            cancellationToken);
    }

    protected override bool EndsSession(SignalMessage message) => message.Type == "bye";

    private static LinkOpening Refused(ILogger logger, string roomId, string? reason)
    {
        LogRefused(logger, roomId, reason ?? "");
        return LinkOpening.Refused(EndReason.Unavailable);
    }

    [LoggerMessage(LogLevel.Warning, "Signaling did not let the bridge into Ayame room {RoomId}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string roomId, string reason);
}
