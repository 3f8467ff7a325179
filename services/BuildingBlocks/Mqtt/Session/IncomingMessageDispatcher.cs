using System.Threading.Channels;
using Hiroba.Mqtt.Connection;
using Hiroba.Mqtt.Protocol;
using Microsoft.Extensions.Logging;

namespace Hiroba.Mqtt.Session;

/// <summary>
/// Runs the message handler on its own loop, one message at a time in arrival order, fed by the
/// connection readers through a bounded queue. Keeping handlers off the read loop lets a handler
/// publish with QoS 1 and wait for the PUBACK, which the read loop must be free to receive.
/// </summary>
internal sealed class IncomingMessageDispatcher(MqttMessageHandler handler, int capacity, ILogger logger)
{
    private readonly Channel<ReceivedPublish> _queue = Channel.CreateBounded<ReceivedPublish>(new BoundedChannelOptions(capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Queues a message, waiting while the queue is full. Messages arriving after <see cref="Complete"/> are dropped unacknowledged.</summary>
    public ValueTask EnqueueAsync(ReceivedPublish received, CancellationToken cancellationToken) =>
        _queue.Writer.TryWrite(received) ? ValueTask.CompletedTask : WaitAndEnqueueAsync(received, cancellationToken);

    /// <summary>Handles queued messages until the queue is completed and empty, or the token is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queue = _queue.Reader;
        while (await queue.WaitToReadAsync(cancellationToken))
        {
            while (queue.TryRead(out var received))
            {
                await DispatchAsync(received, cancellationToken);
            }
        }
    }

    /// <summary>Accepts no more messages; <see cref="RunAsync"/> ends after the queued ones.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private async Task DispatchAsync(ReceivedPublish received, CancellationToken cancellationToken)
    {
        try
        {
            await handler(received.Message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            // A failing handler must not stop the dispatch of later messages; it is logged.
            Log.HandlerFailed(logger, received.Message.Topic, exception);
        }

        if (received.Message.Qos == MqttQos.AtLeastOnce)
        {
            try
            {
                await received.Connection.SendAsync(OutgoingPacket.PubAck(received.PacketId), cancellationToken);
            }
            catch (MqttConnectionLostException)
            {
                // The packet id belonged to that connection's session; the broker re-sends if the session persists.
            }
        }
    }

    private async ValueTask WaitAndEnqueueAsync(ReceivedPublish received, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(received, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            Log.DroppedWhileClosing(logger, received.Message.Topic);
        }
    }
}
