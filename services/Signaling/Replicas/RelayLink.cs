using Hiroba.Contracts.Signaling;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// One end of one relayed connection: numbers the steps it sends to the other replica, and checks that the steps it
/// receives come one after the other. A broker that falls behind may drop events (mosquitto's queue limits), and a
/// signaling message lost on the way would leave a call half negotiated, so a gap ends the connection instead.
/// </summary>
public sealed class RelayLink(RelaySender sender, Guid guest, Guid home, string connectionId, bool atHome)
{
    private readonly Lock _sending = new();
    private long _sent;
    private long _expected;

    public string ConnectionId => connectionId;

    /// <summary>The replica at the other end.</summary>
    public Guid Other => atHome ? guest : home;

    /// <returns>False when the step is too large to relay.</returns>
    public bool Send(RelayStep step, string? text = null, string? endpoint = null, string? clientAddress = null, int? closeStatus = null)
    {
        // Numbered and queued as one, so that steps sent from two threads keep their numbers' order.
        lock (_sending)
        {
            if (!sender.Send(Other, new SignalingRelayStep(guest, home, connectionId, _sent, step, text, endpoint, clientAddress, closeStatus)))
            {
                return false;
            }
            _sent++;
            return true;
        }
    }

    /// <summary>Called by the one reader of relay events, in their order.</summary>
    public RelayArrival Arrived(long sequence)
    {
        if (sequence < _expected)
        {
            return RelayArrival.Repeat;
        }
        if (sequence > _expected)
        {
            return RelayArrival.Gap;
        }
        _expected++;
        return RelayArrival.Next;
    }
}

public enum RelayArrival
{
    /// <summary>The step that was due.</summary>
    Next,

    /// <summary>Delivered again (the bus delivers at least once): already handled.</summary>
    Repeat,

    /// <summary>Steps before it were lost.</summary>
    Gap,
}
