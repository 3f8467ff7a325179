using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hiroba.CameraBridge.Janus;

/// <summary>
/// One Janus session and its event long poll, which also keeps it alive. Answers to asynchronous requests (an
/// <c>ack</c> first, the plugin's event later) are matched to their request by transaction; every other event goes to its
/// handle. The session ends when disposed, or when Janus loses it or cannot be reached: <see cref="Ended"/> completes,
/// requests in flight fail, and every handle's events end.
/// </summary>
public sealed partial class JanusSession : IAsyncDisposable
{
    private readonly JanusClient _client;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JanusReply>> _pending = new();
    private readonly ConcurrentDictionary<long, JanusHandle> _handles = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<JanusException?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _polling;
    private int _disposed;

    internal JanusSession(JanusClient client, long id, TimeSpan requestTimeout, ILogger logger)
    {
        (_client, Id, _requestTimeout, _logger) = (client, id, requestTimeout, logger);
        _polling = PollAsync();
    }

    public long Id { get; }

    /// <summary>Completes when the session ends: null when it was disposed, else why Janus lost it.</summary>
    public Task<JanusException?> Ended => _ended.Task;

    public async Task<JanusHandle> AttachAsync(string plugin, CancellationToken cancellationToken)
    {
        var reply = await RequestAsync(null, new JsonObject { ["janus"] = "attach", ["plugin"] = plugin }, awaitEvent: false, cancellationToken);
        var id = reply.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("id", out var handle) && handle.TryGetInt64(out var value)
            ? value
            : throw new JanusException(JanusException.Unreachable, "an attach without a handle id");
        var attached = new JanusHandle(this, id);
        _handles[id] = attached;
        return attached;
    }

    /// <summary>
    /// Sends a request to the session (<paramref name="handle"/> null) or to a handle. An <c>ack</c> is followed, when
    /// <paramref name="awaitEvent"/>, by the plugin's event for the same transaction, which is the answer.
    /// </summary>
    internal async Task<JanusReply> RequestAsync(long? handle, JsonObject request, bool awaitEvent, CancellationToken cancellationToken)
    {
        var transaction = JanusClient.NewTransaction();
        var answer = new TaskCompletionSource<JanusReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[transaction] = answer;
        try
        {
            if (Ended.IsCompleted)
            {
                throw await Ended ?? new JanusException(JanusException.NoSuchSession, "the session was closed");
            }
            var url = handle is { } id ? _client.HandleUrl(Id, id) : _client.SessionUrl(Id);
            var reply = (await _client.PostAsync(url, request, transaction, cancellationToken)).OrThrow();
            return reply.Janus == "ack" && awaitEvent
                ? (await answer.Task.WaitAsync(_requestTimeout, cancellationToken)).OrThrow()
                : reply;
        }
        catch (TimeoutException)
        {
            throw new JanusException(JanusException.Unreachable, $"no answer to \"{request["janus"]}\" within {_requestTimeout.TotalSeconds:0} s");
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    internal void Forget(long handle) => _handles.TryRemove(handle, out _);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        // The poll stops first, so that Janus's answer to it for the destroyed session is not taken for a loss.
        await _closing.CancelAsync();
        await _polling;
        if (await Ended is null)
        {
            try
            {
                await _client.DestroySessionAsync(Id, CancellationToken.None);
            }
            catch (JanusException exception)
            {
                LogNotDestroyed(_logger, Id, exception.Message);
            }
        }
        _closing.Dispose();
    }

    private async Task PollAsync()
    {
        JanusException? lost = null;
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                foreach (var reply in await _client.PollAsync(Id, _closing.Token))
                {
                    if (reply.Error is { Code: JanusException.NoSuchSession } gone)
                    {
                        throw gone;
                    }
                    Dispatch(reply);
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (JanusException exception)
        {
            lost = exception;
            LogLost(_logger, Id, exception.Message);
        }
        var ending = lost ?? new JanusException(JanusException.NoSuchSession, "the session was closed");
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(ending);
        }
        foreach (var handle in _handles.Values)
        {
            handle.Complete();
        }
        _ended.TrySetResult(lost);
    }

    private void Dispatch(JanusReply reply)
    {
        if (reply.Janus == "keepalive" || reply.Janus == "ack")
        {
            return;
        }
        if (reply.Transaction is { } transaction && _pending.TryGetValue(transaction, out var answer))
        {
            answer.TrySetResult(reply);
        }
        else if (reply.Sender is { } sender && _handles.TryGetValue(sender, out var handle))
        {
            handle.Deliver(reply.ToEvent());
        }
    }

    [LoggerMessage(LogLevel.Warning, "Janus session {SessionId} ended: {Reason}")]
    private static partial void LogLost(ILogger logger, long sessionId, string reason);

    [LoggerMessage(LogLevel.Debug, "Janus session {SessionId} was not destroyed: {Reason}")]
    private static partial void LogNotDestroyed(ILogger logger, long sessionId, string reason);
}
