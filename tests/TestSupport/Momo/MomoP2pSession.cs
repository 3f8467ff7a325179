using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Hiroba.TestSupport.Momo;

/// <summary>
/// One WebSocket on an emulated p2p Momo: Momo's <c>P2PWebsocketSession</c> (one PeerConnection at most; a new offer
/// replaces it; it goes with the socket).
/// </summary>
internal sealed class MomoP2pSession(MomoP2pEmulator emulator, WebSocket socket, MomoMediaPage media) : MomoMediaPage.IMediaListener
{
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private string? _connection;
    private Task _pinging = Task.CompletedTask;
    private CancellationTokenSource? _pingTimer;

    public void Abort() => socket.Abort();

    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            while (await WebSocketText.ReceiveAsync(socket, aborted) is { } text)
            {
                emulator.Record(text);
                try
                {
                    await HandleAsync(MomoJson.TryParse(text));
                }
                catch (MomoProtocolViolationException violation)
                {
                    emulator.Crash(violation.Message);
                    return;
                }
            }
            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            await _closed.CancelAsync();
            _pingTimer?.Cancel();
            await _pinging;
            await DropConnectionAsync();
        }
    }

    public void OnCandidate(string candidate, string sdpMid, int sdpMLineIndex) =>
        _ = SendAsync(MomoJson.Candidate(candidate, sdpMid, sdpMLineIndex));

    public void OnIceConnectionState(string state)
    {
    }

    private async Task HandleAsync(JsonNode? message)
    {
        if (message is null)
        {
            return; // invalid JSON: Momo returns before reading anything
        }
        switch (MomoJson.RequiredString(message, "type"))
        {
            case "offer":
                var offer = MomoJson.RequiredString(message, "sdp");
                await DropConnectionAsync();
                _connection = await media.CreateConnectionAsync(this, "[]", sendOnly: false);
                await SendAsync(MomoJson.Description("answer", await media.AnswerAsync(_connection, offer)));
                break;
            case "answer" when _connection is not null:
                await media.AcceptAnswerAsync(_connection, MomoJson.RequiredString(message, "sdp"));
                break;
            case "candidate" when _connection is not null:
                var (candidate, sdpMid, index) = MomoJson.RequiredCandidate(message);
                await media.AddCandidateAsync(_connection, candidate, sdpMid, index);
                break;
            case "close" or "bye":
                await DropConnectionAsync();
                break;
            case "register":
                await SendAsync(MomoJson.Write(("type", "accept"), ("isExistUser", true)));
                StartPinging();
                break;
        }
    }

    /// <summary>Momo's watchdog in p2p mode: armed by <c>register</c>, it sends <c>ping</c> each time it expires.</summary>
    private void StartPinging()
    {
        _pingTimer?.Cancel();
        var timer = _pingTimer = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        _pinging = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(emulator.PingInterval, timer.Token);
                    await SendAsync(MomoJson.Write(("type", "ping")));
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private async Task DropConnectionAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await media.CloseConnectionAsync(connection);
        }
    }

    private async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
        }
        finally
        {
            _sending.Release();
        }
    }
}
