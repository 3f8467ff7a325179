using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>
/// One open Server-Sent Events stream's queue of events, written by <see cref="TypedResults.ServerSentEvents{T}(IAsyncEnumerable{SseItem{T}})"/>.
/// A client that reads too slowly is cut off rather than slowing the others: its browser reconnects (EventSource does
/// by itself) and starts again from the current state. It starts with <see cref="EventStreamItems.Opening"/>.
/// </summary>
public sealed class EventStream
{
    private const int QueueCapacity = 1024;

    private readonly Channel<SseItem<byte[]>> _items = Channel.CreateBounded<SseItem<byte[]>>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public EventStream() => _items.Writer.TryWrite(EventStreamItems.Opening);

    /// <returns>False when the stream was closed because the client fell behind (or had closed already).</returns>
    public bool TrySend(SseItem<byte[]> item)
    {
        if (_items.Writer.TryWrite(item))
        {
            return true;
        }
        Close();
        return false;
    }

    public void Close() => _items.Writer.TryComplete();

    /// <summary>
    /// Writes the stream's events until the client goes or the stream ends, then runs <paramref name="onFinished"/> (to let
    /// go of the stream). A stream of a signed-in request ends with a <c>session-ended</c> event when its session signs
    /// out (<see cref="SessionConnections"/>).
    /// </summary>
    public ServerSentEventsResult<byte[]> ToResult(HttpContext context, Action onFinished)
    {
        ArgumentNullException.ThrowIfNull(context);
        // For a TLS proxy such as nginx, which would otherwise hold the events back.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(ReadAsync(context, onFinished));
    }

    private async IAsyncEnumerable<SseItem<byte[]>> ReadAsync(
        HttpContext context, Action onFinished, [EnumeratorCancellation] CancellationToken clientGone = default)
    {
        try
        {
            using var session = context.RequestServices.GetService<SessionConnections>()?.Open(context);
            var sessionEnded = session?.Ended ?? CancellationToken.None;
            using var ending = CancellationTokenSource.CreateLinkedTokenSource(clientGone, sessionEnded);
            while (await WaitToReadAsync(ending.Token))
            {
                while (_items.Reader.TryRead(out var item))
                {
                    yield return item;
                }
            }
            if (sessionEnded.IsCancellationRequested && !clientGone.IsCancellationRequested)
            {
                yield return EventStreamItems.SessionEnded;
            }
        }
        finally
        {
            onFinished();
        }
    }

    /// <returns>False when the stream was closed, or the client went, or its session signed out.</returns>
    private async ValueTask<bool> WaitToReadAsync(CancellationToken ending)
    {
        try
        {
            return await _items.Reader.WaitToReadAsync(ending);
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            return false;
        }
    }
}
