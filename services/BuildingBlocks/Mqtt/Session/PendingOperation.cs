using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt.Session;

/// <summary>A QoS 1 PUBLISH, SUBSCRIBE or UNSUBSCRIBE waiting for its acknowledgement.</summary>
internal sealed class PendingOperation(OutgoingPacket packet, long sequence)
{
    private readonly TaskCompletionSource _acknowledged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _sentOnConnection;

    public OutgoingPacket Packet { get; } = packet;

    public ushort PacketId => Packet.PacketId;

    /// <summary>Creation order, so that re-sends after a reconnection keep the original order.</summary>
    public long Sequence { get; } = sequence;

    public Task Acknowledged => _acknowledged.Task;

    /// <summary>
    /// Claims the right to send this operation on a connection, once per connection; a claim on a
    /// later connection is a re-send, which PUBLISH marks with DUP.
    /// </summary>
    public bool TryClaimSend(int connectionNumber, out OutgoingPacket packet)
    {
        var previous = Volatile.Read(ref _sentOnConnection);
        while (previous < connectionNumber)
        {
            var seen = Interlocked.CompareExchange(ref _sentOnConnection, connectionNumber, previous);
            if (seen == previous)
            {
                var isResend = previous != 0 && Packet.Type == MqttPacketType.Publish;
                packet = isResend ? Packet with { Dup = true } : Packet;
                return true;
            }

            previous = seen;
        }

        packet = default;
        return false;
    }

    public void Complete() => _acknowledged.TrySetResult();

    public void Fail(Exception exception) => _acknowledged.TrySetException(exception);
}
