using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt.Session;

/// <summary>The session's operations awaiting acknowledgement, keyed by packet identifier. Thread-safe.</summary>
internal sealed class InFlightOperations
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ushort, PendingOperation> _byPacketId = [];
    private readonly PacketIdAllocator _packetIds = new();
    private long _sequence;

    /// <summary>Registers <paramref name="packet"/> under a fresh packet identifier.</summary>
    public PendingOperation Add(in OutgoingPacket packet)
    {
        lock (_gate)
        {
            if (!_packetIds.TryAllocate(out var packetId))
            {
                throw new MqttException("All 65535 packet identifiers are in flight; wait for acknowledgements before sending more.");
            }

            var operation = new PendingOperation(packet with { PacketId = packetId }, ++_sequence);
            _byPacketId.Add(packetId, operation);
            return operation;
        }
    }

    /// <summary>Completes the operation an acknowledgement refers to; an unknown id (for example after a timeout) is ignored.</summary>
    public bool TryAcknowledge(in IncomingPacket ack)
    {
        PendingOperation? operation;
        lock (_gate)
        {
            if (!_byPacketId.TryGetValue(ack.PacketId, out operation) || !IsAnswerTo(ack.Type, operation.Packet.Type))
            {
                return false;
            }

            RemoveLocked(operation);
        }

        if (ack.Type == MqttPacketType.SubAck && ack.SubscribeReturnCodes![0] == 0x80)
        {
            operation.Fail(MqttSubscribeRejectedException.ForFilter(operation.Packet.Topic!));
        }
        else
        {
            operation.Complete();
        }

        return true;
    }

    public void Remove(PendingOperation operation)
    {
        lock (_gate)
        {
            if (_byPacketId.TryGetValue(operation.PacketId, out var current) && current == operation)
            {
                RemoveLocked(operation);
            }
        }
    }

    /// <summary>All pending operations in the order they were created.</summary>
    public PendingOperation[] Snapshot()
    {
        lock (_gate)
        {
            var operations = _byPacketId.Values.ToArray();
            Array.Sort(operations, static (a, b) => a.Sequence.CompareTo(b.Sequence));
            return operations;
        }
    }

    public void FailAll(Exception exception)
    {
        PendingOperation[] operations;
        lock (_gate)
        {
            operations = [.. _byPacketId.Values];
            foreach (var operation in operations)
            {
                RemoveLocked(operation);
            }
        }

        foreach (var operation in operations)
        {
            operation.Fail(exception);
        }
    }

    private void RemoveLocked(PendingOperation operation)
    {
        _byPacketId.Remove(operation.PacketId);
        _packetIds.Release(operation.PacketId);
    }

    private static bool IsAnswerTo(MqttPacketType ack, MqttPacketType request) => (ack, request) switch
    {
        (MqttPacketType.PubAck, MqttPacketType.Publish) => true,
        (MqttPacketType.SubAck, MqttPacketType.Subscribe) => true,
        (MqttPacketType.UnsubAck, MqttPacketType.Unsubscribe) => true,
        _ => false,
    };
}
