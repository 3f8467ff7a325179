namespace Hiroba.EventBus.Processing;

public enum ProcessingOutcome
{
    /// <summary>Every handler succeeded, or the event id was handled before.</summary>
    Handled,

    /// <summary>The handlers kept failing; the event belongs in the dead-letter topic.</summary>
    DeadLettered,

    /// <summary>The message is not a readable event for this topic (poison); it belongs in the dead-letter topic.</summary>
    Rejected,

    /// <summary>Handling was cancelled (shutdown); the transport should let it be delivered again.</summary>
    Interrupted,
}
