using System.Threading.Channels;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus.Tests;

/// <summary>What the handlers in one test app saw; one instance per app.</summary>
public sealed class HandledEvents
{
    private readonly Channel<IntegrationEvent> _handled = Channel.CreateUnbounded<IntegrationEvent>();
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _brokenAttempts;
    private TaskCompletionSource _open = CompletedGate();

    public int BrokenAttempts => Volatile.Read(ref _brokenAttempts);

    internal void Record(IntegrationEvent @event) => _handled.Writer.TryWrite(@event);

    internal void CountBrokenAttempt() => Interlocked.Increment(ref _brokenAttempts);

    internal void MarkStalled() => _stalled.TrySetResult();

    /// <summary>Completes once a <see cref="StallingThingHappenedHandler"/> has begun to wait.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>From now on <see cref="ThingHappened"/> handlers wait (until <see cref="Release"/> or cancellation).</summary>
    public void Hold() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _open.TrySetResult();

    internal Task WaitWhileHeldAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

    private static TaskCompletionSource CompletedGate()
    {
        var gate = new TaskCompletionSource();
        gate.SetResult();
        return gate;
    }

    public async Task<TEvent> NextAsync<TEvent>(TimeSpan timeout) where TEvent : IntegrationEvent
    {
        using var cancellation = new CancellationTokenSource(timeout);
        return (TEvent)await _handled.Reader.ReadAsync(cancellation.Token);
    }

    public int CountSoFar => _handled.Reader.Count;
}

public sealed class ThingHappenedHandler(HandledEvents handled) : IIntegrationEventHandler<ThingHappened>
{
    public async Task HandleAsync(ThingHappened @event, CancellationToken cancellationToken)
    {
        await handled.WaitWhileHeldAsync(cancellationToken);
        handled.Record(@event);
    }
}

public sealed class ThingAddressedHandler(HandledEvents handled) : IIntegrationEventHandler<ThingAddressed>
{
    public Task HandleAsync(ThingAddressed @event, CancellationToken cancellationToken)
    {
        handled.Record(@event);
        return Task.CompletedTask;
    }
}

public sealed class ThingBrokeHandler(HandledEvents handled) : IIntegrationEventHandler<ThingBroke>
{
    public Task HandleAsync(ThingBroke @event, CancellationToken cancellationToken)
    {
        handled.CountBrokenAttempt();
        throw new InvalidOperationException($"{@event.Name} cannot be handled");
    }
}

/// <summary>Waits until its handling is cancelled, as a handler busy when its service shuts down.</summary>
public sealed class StallingThingHappenedHandler(HandledEvents handled) : IIntegrationEventHandler<ThingHappened>
{
    public async Task HandleAsync(ThingHappened @event, CancellationToken cancellationToken)
    {
        handled.MarkStalled();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
