namespace Hiroba.EventBus.Abstractions;

/// <summary>
/// An event for one process only. It travels on its type's topic followed by the recipient's inbox
/// (<see cref="Topics.InboxOf"/>), which only that process subscribes to (<see cref="EventBusInbox"/>), so the others
/// never receive it. The inbox is not part of the event's data.
/// </summary>
public interface IAddressedIntegrationEvent
{
    /// <summary>The recipient's <see cref="EventBusInbox.Address"/>.</summary>
    string Inbox { get; }
}
