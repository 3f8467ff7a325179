namespace Hiroba.EventBus.Processing;

/// <summary>
/// Remembers which events are being handled and the most recent ones that were handled, so a
/// redelivered event id runs its handlers once. The memory is bounded: the oldest handled ids
/// are forgotten first.
/// </summary>
public sealed class DeliveryLedger(int capacity)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _inProgress = [];
    private readonly HashSet<string> _handled = [];
    private readonly Queue<string> _handledOrder = new();

    /// <summary>Claims the event for handling; false when it is handled already or in progress.</summary>
    public bool TryBegin(string eventKey)
    {
        lock (_lock)
        {
            return !_handled.Contains(eventKey) && _inProgress.Add(eventKey);
        }
    }

    public void Complete(string eventKey)
    {
        lock (_lock)
        {
            _inProgress.Remove(eventKey);
            if (!_handled.Add(eventKey))
            {
                return;
            }
            _handledOrder.Enqueue(eventKey);
            while (_handledOrder.Count > capacity)
            {
                _handled.Remove(_handledOrder.Dequeue());
            }
        }
    }

    /// <summary>Gives the claim back without marking the event handled, so a redelivery runs it again.</summary>
    public void Abandon(string eventKey)
    {
        lock (_lock)
        {
            _inProgress.Remove(eventKey);
        }
    }
}
