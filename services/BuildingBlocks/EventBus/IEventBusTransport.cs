using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus;

/// <summary>A way to the broker: publishes, and tells readiness for <c>/readyz</c>.</summary>
internal interface IEventBusTransport : IEventBus
{
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}
