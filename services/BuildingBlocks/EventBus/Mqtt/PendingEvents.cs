using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MQTTnet;

namespace Hiroba.EventBus.Mqtt;

/// <summary>
/// The events received and not yet acknowledged, in arrival order, with their payload bytes counted. MQTTnet's own
/// queue between its socket reader and the handlers is unbounded; this one refuses an event once
/// <see cref="MaxBytes"/> are waiting, and the transport then drops the connection so that the broker sends the
/// unacknowledged events again on the next one.
/// </summary>
internal sealed class PendingEvents(long maxBytes)
{
    private readonly Channel<PendingEvent> _events = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = true });
    private long _bytes;

    public long MaxBytes => maxBytes;

    /// <returns>False when the event would take the waiting bytes above <see cref="MaxBytes"/>; it is then not kept.</returns>
    public bool TryAdd(PendingEvent pending)
    {
        if (Interlocked.Add(ref _bytes, pending.Payload.Length) > maxBytes)
        {
            Interlocked.Add(ref _bytes, -pending.Payload.Length);
            return false;
        }

        return _events.Writer.TryWrite(pending);
    }

    public async IAsyncEnumerable<PendingEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var pending in _events.Reader.ReadAllAsync(cancellationToken))
        {
            Interlocked.Add(ref _bytes, -pending.Payload.Length);
            yield return pending;
        }
    }

    /// <summary>No more events come; the reader finishes those already waiting.</summary>
    public void Complete() => _events.Writer.TryComplete();
}

/// <param name="Connection">The connection it arrived on: its PUBACK is sent only on that connection.</param>
internal sealed record PendingEvent(string Topic, byte[] Payload, MqttApplicationMessageReceivedEventArgs Delivery, int Connection);
