using System.Diagnostics.Metrics;

namespace Hiroba.EventBus.Tests;

/// <summary>Sums what one app's publisher reports on <c>hiroba.eventbus.publisher.dropped</c>.</summary>
public sealed class DropCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _dropped;

    public DropCounter(IMeterFactory appMeters)
    {
        // Only the app's own meters: other tests' apps run in this process at the same time.
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == appMeters && instrument.Name == "hiroba.eventbus.publisher.dropped")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _dropped, value));
        _listener.Start();
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public void Dispose() => _listener.Dispose();
}
