using System.Net.WebSockets;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// The bridge's WebSocket to a Momo in p2p mode (protocols.md §2.2). It registers Ayame-style, so Momo answers
/// <c>accept</c> and pings every 30 s (answered with <c>pong</c>); the browser then offers through it.
/// </summary>
public sealed class MomoP2pLink : CameraLink
{
    private MomoP2pLink(MessageSocket socket) : base(socket)
    {
    }

    /// <param name="cameraId">Goes into <c>register</c> as the room id (Momo's p2p mode reads none of it).</param>
    public static async Task<LinkOpening> OpenAsync(string cameraId, Uri url, ViewingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        MessageSocket socket;
        try
        {
            socket = await ConnectAsync(url, options, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return LinkOpening.Refused(EndReason.Offline);
        }
        var link = new MomoP2pLink(socket);
        if (!await link.SendAsync(SignalMessages.Register(cameraId, "hiroba-camera-bridge"), cancellationToken))
        {
            await link.DisposeAsync();
            return LinkOpening.Refused(EndReason.Offline);
        }
        return LinkOpening.Opened(link);
    }

    /// <summary>Tells Momo to drop the PeerConnection (as Momo's own page does), then closes.</summary>
    public override async Task CloseAsync()
    {
        await SendAsync(SignalMessages.Close, CancellationToken.None);
        await base.CloseAsync();
    }

    protected override bool EndsSession(SignalMessage message) => false;
}
