using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Janus;
using Hiroba.CameraBridge.Viewing;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Sharing;

/// <summary>
/// The shared cameras' publications and their viewers: the first viewer of a camera starts its publication, at most
/// <see cref="SharingOptions.MaxViewers"/> watch it at once, and once the last one left it stops after
/// <see cref="SharingOptions.IdleGrace"/>, unless another came meanwhile, so that an idle camera does not stream.
/// </summary>
public sealed class CameraPublications(
    JanusClient janus,
    IOptions<SharingOptions> sharing,
    IOptions<ViewingOptions> viewing,
    IOptions<CamerasOptions> cameras,
    TimeProvider timeProvider,
    ILogger<CameraPublication> logger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Shared> _shared = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Task> _retiring = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised with the camera's id whenever its number of viewers changes.</summary>
    public event Action<string>? ViewersChanged;

    /// <summary>Whether the camera is watched through Janus: an Ayame camera, with Janus and Signaling configured.</summary>
    public bool Shares(Camera camera) =>
        janus.IsConfigured && camera?.Endpoint is AyameRoomEndpoint && cameras.Value.SignalingUrl is not null;

    public int ViewerCount(string cameraId)
    {
        lock (_lock)
        {
            return _shared.GetValueOrDefault(cameraId)?.Viewers ?? 0;
        }
    }

    /// <returns>A place among the camera's viewers (the first starts its publication); null when it has the most it may.</returns>
    public ViewerPlace? TryJoin(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        var room = camera.Endpoint as AyameRoomEndpoint ?? throw new ArgumentException($"Camera {camera.Id} is not in Ayame mode.", nameof(camera));
        Shared? shared;
        lock (_lock)
        {
            if (!_shared.TryGetValue(camera.Id, out shared) || shared.Publication.Ended.IsCompleted)
            {
                if (shared is not null)
                {
                    Retire(camera.Id, shared);
                }
                shared = new Shared(CameraPublication.Start(camera, room, new CameraPublication.Dependencies(
                    janus, new Uri(cameras.Value.SignalingUrl!), viewing.Value, sharing.Value, timeProvider, logger),
                    previous: _retiring.GetValueOrDefault(camera.Id) ?? Task.CompletedTask));
                _shared[camera.Id] = shared;
            }
            if (shared.Viewers >= sharing.Value.MaxViewers)
            {
                return null;
            }
            shared.Viewers++;
            shared.Idle?.Dispose();
            shared.Idle = null;
        }
        ViewersChanged?.Invoke(camera.Id);
        return new ViewerPlace(shared.Publication, () => Leave(camera.Id, shared));
    }

    public async ValueTask DisposeAsync()
    {
        Shared[] all;
        Task[] retiring;
        lock (_lock)
        {
            all = [.. _shared.Values];
            _shared.Clear();
            retiring = [.. _retiring.Values];
        }
        foreach (var shared in all)
        {
            shared.Idle?.Dispose();
            await shared.Publication.DisposeAsync();
        }
        await Task.WhenAll(retiring);
    }

    private void Leave(string cameraId, Shared shared)
    {
        lock (_lock)
        {
            shared.Viewers--;
            if (shared.Viewers == 0)
            {
                shared.Idle = timeProvider.CreateTimer(_ => StopIfIdle(cameraId, shared), null, sharing.Value.IdleGrace, Timeout.InfiniteTimeSpan);
            }
        }
        ViewersChanged?.Invoke(cameraId);
    }

    private void StopIfIdle(string cameraId, Shared shared)
    {
        lock (_lock)
        {
            if (shared.Viewers > 0 || !_shared.TryGetValue(cameraId, out var current) || current != shared)
            {
                return;
            }
            _shared.Remove(cameraId);
            Retire(cameraId, shared);
        }
    }

    /// <summary>
    /// Ends a publication on the thread pool, not under the lock. The camera's next publication waits until this one
    /// and every one retired before it have ended (one retired while it still waited for its own predecessor ends at
    /// once). One ended task per camera stays: the cameras are few.
    /// </summary>
    private void Retire(string cameraId, Shared shared)
    {
        shared.Idle?.Dispose();
        var earlier = _retiring.GetValueOrDefault(cameraId) ?? Task.CompletedTask;
        _retiring[cameraId] = Task.WhenAll(earlier, Task.Run(async () => await shared.Publication.DisposeAsync()));
    }

    private sealed class Shared(CameraPublication publication)
    {
        public CameraPublication Publication { get; } = publication;

        public int Viewers { get; set; }

        public ITimer? Idle { get; set; }
    }

    /// <summary>A viewer's place; disposing it leaves.</summary>
    public sealed class ViewerPlace : IDisposable
    {
        private readonly Action _leave;
        private int _left;

        internal ViewerPlace(CameraPublication publication, Action leave) => (Publication, _leave) = (publication, leave);

        public CameraPublication Publication { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                _leave();
            }
        }
    }
}
