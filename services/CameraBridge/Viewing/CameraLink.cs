using System.Net.WebSockets;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// The bridge's own WebSocket toward a camera: Momo's <c>/ws</c> (p2p mode) or Signaling's <c>/signaling</c> (the
/// camera's Ayame room). Answers <c>ping</c> with <c>pong</c> itself, and hands on only the camera's answer and
/// candidates, rewritten in Momo's shapes.
/// </summary>
public abstract class CameraLink(MessageSocket socket) : IAsyncDisposable
{
    public Task<bool> SendAsync(byte[] message, CancellationToken cancellationToken) => socket.SendAsync(message, cancellationToken);

    /// <returns>The next message for the browser; null once the camera's side ended.</returns>
    public async Task<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (await ReceiveSignalAsync(cancellationToken) is { } message && !EndsSession(message))
        {
            switch (message)
            {
                case { Type: "answer", Sdp: { } sdp }:
                    return SignalMessages.Answer(sdp);
                case { Type: "candidate", Ice: { } ice }:
                    return SignalMessages.Candidate(ice);
            }
        }
        return null;
    }

    /// <summary>Ends the link cleanly: a close frame, whose answer ends <see cref="ReceiveAsync"/>.</summary>
    public virtual Task CloseAsync() => socket.CloseAsync(WebSocketCloseStatus.NormalClosure);

    public ValueTask DisposeAsync()
    {
        socket.Abort();
        socket.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Whether this message from the camera's side ends the session (Ayame's <c>bye</c>).</summary>
    protected abstract bool EndsSession(SignalMessage message);

    /// <returns>The next readable message other than <c>ping</c>, which is answered; null once the socket closed.</returns>
    protected async Task<SignalMessage?> ReceiveSignalAsync(CancellationToken cancellationToken)
    {
        while (await socket.ReceiveAsync(cancellationToken) is { } bytes)
        {
            // What cannot be read is skipped, as Momo and Ayame's clients skip it.
            if (SignalMessage.TryRead(bytes) is not { } message)
            {
                continue;
            }
            if (message.Type == "ping")
            {
                await socket.SendAsync(SignalMessages.Pong, cancellationToken);
                continue;
            }
            return message;
        }
        return null;
    }

    /// <summary>
    /// Joins an Ayame room on Signaling's <c>/signaling</c>: connects, sends <paramref name="register"/> and reads the
    /// room's answer within the connect timeout. A link that the answer does not open, or that fails on the way, is disposed.
    /// </summary>
    /// <param name="answer">Turns the room's answer (null when none came) into the opening.</param>
    /// <param name="failed">The opening when Signaling cannot be reached or does not answer in time, given why.</param>
    protected static async Task<LinkOpening> RegisterInRoomAsync(
        Uri signalingUrl, ViewingOptions options, byte[] register, Func<MessageSocket, CameraLink> create,
        Func<CameraLink, SignalMessage?, LinkOpening> answer, Func<string, LinkOpening> failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(failed);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        CameraLink? link = null;
        try
        {
            link = create(await ConnectAsync(signalingUrl, options, timeout.Token));
            await link.SendAsync(register, timeout.Token);
            var opening = answer(link, await link.ReceiveSignalAsync(timeout.Token));
            if (opening.Link is null)
            {
                await link.DisposeAsync();
            }
            return opening;
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            if (link is not null)
            {
                await link.DisposeAsync();
            }
            return failed(exception.Message);
        }
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="url"/>, one of the addresses the operator or admin configured. It never goes
    /// through a proxy from the environment, and sends WebSocket pings so a vanished peer is noticed.
    /// </summary>
    protected static async Task<MessageSocket> ConnectAsync(Uri url, ViewingOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new ClientWebSocket();
        client.Options.Proxy = null;
        client.Options.KeepAliveInterval = options.KeepAliveInterval;
        client.Options.KeepAliveTimeout = options.KeepAliveInterval;
        try
        {
            await client.ConnectAsync(url, cancellationToken);
            return new MessageSocket(client, options.MaxMessageBytes);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
