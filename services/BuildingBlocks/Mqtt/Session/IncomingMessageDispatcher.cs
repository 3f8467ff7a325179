using System.Threading.Channels;
using Hiroba.Mqtt.Connection;
using Hiroba.Mqtt.Protocol;
using Microsoft.Extensions.Logging;

namespace Hiroba.Mqtt.Session;

/// <summary>
/// Runs the message handler on its own loop, one message at a time in arrival order, fed by the connection reader.
/// The reader never waits here: it must go on to the acknowledgements behind a message (a handler that publishes with
/// QoS 1 waits for a PUBACK the reader has to read, and so does every other publisher of the client). What bounds the
/// queue instead: the broker for QoS 1 (it keeps at most 65,535, and mosquitto at most <c>max_inflight_messages</c>,
/// unacknowledged messages in flight to a client; the PUBACK follows the handler); <see cref="MqttClientOptions.IncomingQueueCapacity"/>
/// for QoS 0, which MQTT 3.1.1 gives no other flow control, so beyond it they are dropped; and
/// <see cref="MqttClientOptions.IncomingQueueBytes"/> for both, beyond which a QoS 0 message is dropped and a QoS 1
/// message is refused, which ends the connection (the broker re-sends it on the next one).
/// </summary>
internal sealed class IncomingMessageDispatcher(MqttMessageHandler handler, MqttClientOptions options, ILogger logger)
{
    private readonly Channel<ReceivedPublish> _queue = Channel.CreateUnbounded<ReceivedPublish>(new UnboundedChannelOptions
    {
        SingleReader = true,
    });

    private int _queuedMessages;
    private long _queuedBytes;
    private long _droppedInARow;

    /// <summary>Queues a message, or drops it (QoS 0) when the queue is full. Messages arriving after <see cref="Complete"/> are dropped unacknowledged.</summary>
    /// <returns>False when a QoS 1 message does not fit in <see cref="MqttClientOptions.IncomingQueueBytes"/>: the caller ends the connection.</returns>
    public bool TryEnqueue(in ReceivedPublish received)
    {
        var size = received.Message.Payload.Length;
        var bytesFit = Interlocked.Read(ref _queuedBytes) + size <= options.IncomingQueueBytes;
        if (received.Message.Qos == MqttQos.AtMostOnce && (!bytesFit || Volatile.Read(ref _queuedMessages) >= options.IncomingQueueCapacity))
        {
            if (_droppedInARow++ == 0)
            {
                Log.DroppingQos0(logger, received.Message.Topic, Volatile.Read(ref _queuedMessages), Interlocked.Read(ref _queuedBytes));
            }

            return true;
        }

        if (!bytesFit)
        {
            return false;
        }

        if (_droppedInARow > 0)
        {
            Log.DroppedQos0(logger, _droppedInARow);
            _droppedInARow = 0;
        }

        Interlocked.Increment(ref _queuedMessages);
        Interlocked.Add(ref _queuedBytes, size);
        if (!_queue.Writer.TryWrite(received))
        {
            Dequeued(received);
            Log.DroppedWhileClosing(logger, received.Message.Topic);
        }

        return true;
    }

    /// <summary>Handles queued messages until the queue is completed and empty, or the token is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var queue = _queue.Reader;
        while (await queue.WaitToReadAsync(cancellationToken))
        {
            while (queue.TryRead(out var received))
            {
                Dequeued(received);
                await DispatchAsync(received, cancellationToken);
            }
        }
    }

    /// <summary>Accepts no more messages; <see cref="RunAsync"/> ends after the queued ones.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    private void Dequeued(in ReceivedPublish received)
    {
        Interlocked.Decrement(ref _queuedMessages);
        Interlocked.Add(ref _queuedBytes, -received.Message.Payload.Length);
    }

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
}
