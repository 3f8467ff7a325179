using System.Collections.Concurrent;

namespace Hiroba.CameraBridge.Viewing;

/// <summary>
/// One viewer per camera: Momo serves one viewer per connection, so a viewing session holds its camera's lease while
/// it runs and a second viewer is told the camera is busy.
/// </summary>
public sealed class ViewerLeases
{
    private readonly ConcurrentDictionary<string, object> _held = new(StringComparer.OrdinalIgnoreCase);

    public event Action? Changed;

    public bool IsHeld(string cameraId) => _held.ContainsKey(cameraId);

    /// <returns>The lease, released on dispose; null when someone else watches the camera.</returns>
    public IDisposable? TryAcquire(string cameraId)
    {
        var holder = new object();
        if (!_held.TryAdd(cameraId, holder))
        {
            return null;
        }
        Changed?.Invoke();
        return new Lease(this, cameraId, holder);
    }

    private void Release(string cameraId, object holder)
    {
        if (_held.TryRemove(KeyValuePair.Create(cameraId, holder)))
        {
            Changed?.Invoke();
        }
    }

    private sealed class Lease(ViewerLeases leases, string cameraId, object holder) : IDisposable
    {
        public void Dispose() => leases.Release(cameraId, holder);
    }
}
