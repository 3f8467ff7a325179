namespace Hiroba.Rooms.Tests;

/// <summary>A test class that plays the other services on the broker: <see cref="Events"/> is ready in every test.</summary>
public abstract class EventProbeTests<TStack>(TStack stack) : IClassFixture<TStack>, IAsyncLifetime
    where TStack : RoomsStack
{
    protected TStack Stack => stack;

    protected EventProbe Events { get; private set; } = null!;

    public async Task InitializeAsync() => Events = await EventProbe.StartAsync(stack.Broker);

    public async Task DisposeAsync() => await Events.DisposeAsync();
}
