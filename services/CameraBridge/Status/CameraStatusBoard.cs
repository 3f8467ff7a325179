using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Sharing;
using Hiroba.CameraBridge.Viewing;
using Hiroba.Contracts.Cameras;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Status;

/// <summary>
/// What the bridge knows about each camera (probe results, Ayame presence, viewers) and the status it derives. A new
/// status is kept with the time it changed and queued for <see cref="CameraStatusRelay"/>: status events go out on
/// change only.
/// </summary>
public sealed class CameraStatusBoard
{
    private readonly CameraRegistry _registry;
    private readonly AyamePresence _presence;
    private readonly ViewerLeases _leases;
    private readonly CameraPublications _publications;
    private readonly int _maxSharedViewers;
    private readonly StatusOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _reachable = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CameraStatusReport> _reports = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, CameraStatusReport> _unpublished = new(StringComparer.OrdinalIgnoreCase);
    private TaskCompletionSource _changed = NewSignal();

    public CameraStatusBoard(
        CameraRegistry registry, AyamePresence presence, ViewerLeases leases, CameraPublications publications, IOptions<StatusOptions> options,
        IOptions<SharingOptions> sharing, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(presence);
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(publications);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sharing);
        (_registry, _presence, _leases, _publications, _options, _maxSharedViewers, _timeProvider) =
            (registry, presence, leases, publications, options.Value, sharing.Value.MaxViewers, timeProvider);
        registry.Changed += Refresh;
        presence.Changed += Refresh;
        leases.Changed += Refresh;
        publications.ViewersChanged += _ => Refresh();
    }

    /// <summary>Records a p2p camera's probe result; a result like the last one changes nothing.</summary>
    public void SetReachable(string cameraId, bool reachable)
    {
        lock (_gate)
        {
            if (_reachable.TryGetValue(cameraId, out var known) && known == reachable)
            {
                return;
            }
            _reachable[cameraId] = reachable;
        }
        Refresh();
    }

    /// <summary>The camera's current status (Offline until a new p2p camera's first probe).</summary>
    public CameraStatusReport StatusOf(Camera camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        lock (_gate)
        {
            return _reports.TryGetValue(camera.Id, out var report)
                ? report
                : new CameraStatusReport(camera.Id, CameraStatus.Offline, 0, _timeProvider.GetUtcNow());
        }
    }

    /// <summary>Derives every camera's status again; called on every observation and periodically (the rejoin grace ends by time).</summary>
    public void Refresh()
    {
        var now = _timeProvider.GetUtcNow();
        var cameras = _registry.All;
        lock (_gate)
        {
            foreach (var camera in cameras)
            {
                if (Evaluate(camera, now) is not { } evaluated)
                {
                    continue;
                }
                var (status, viewers) = evaluated;
                if (!_reports.TryGetValue(camera.Id, out var last) || last.Status != status || last.ViewerCount != viewers)
                {
                    var report = new CameraStatusReport(camera.Id, status, viewers, now);
                    _reports[camera.Id] = report;
                    _unpublished[camera.Id] = report;
                    _changed.TrySetResult();
                }
            }
            var ids = cameras.Select(camera => camera.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var gone in _reports.Keys.Concat(_reachable.Keys).Where(id => !ids.Contains(id)).ToArray())
            {
                _reports.Remove(gone);
                _reachable.Remove(gone);
                _unpublished.Remove(gone);
            }
        }
    }

    /// <summary>Waits until a status changed (or <paramref name="wait"/> passed) and hands out the changes not yet published.</summary>
    public async Task<IReadOnlyList<CameraStatusReport>> TakeUnpublishedAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_gate)
        {
            changed = _changed.Task;
        }
        await Task.WhenAny(changed, Task.Delay(wait, _timeProvider, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var reports = _unpublished.Values.ToArray();
            _unpublished.Clear();
            if (_changed.Task.IsCompleted)
            {
                _changed = NewSignal();
            }
            return reports;
        }
    }

    /// <returns>Null while nothing is known yet (a p2p camera not probed so far): its first status is the first one published.</returns>
    private (CameraStatus Status, int Viewers)? Evaluate(Camera camera, DateTimeOffset now)
    {
        var watched = _leases.IsHeld(camera.Id);
        switch (camera.Endpoint)
        {
            case AyameRoomEndpoint ayame:
                var (peers, emptiedAt) = _presence.In(ayame.RoomId);
                if (peers == 0)
                {
                    return emptiedAt is { } at && now - at < _options.AyameRejoinGrace ? (CameraStatus.Online, 0) : (CameraStatus.Offline, 0);
                }
                if (_publications.Shares(camera))
                {
                    // Momo is the peer (the bridge's media server is not counted); Busy once it has all the viewers it may.
                    var sharedWith = _publications.ViewerCount(camera.Id);
                    return (sharedWith >= _maxSharedViewers ? CameraStatus.Busy : CameraStatus.Online, sharedWith);
                }
                // Momo is one of the peers; anyone else in its room of two watches it.
                var viewers = Math.Max(peers - 1, watched ? 1 : 0);
                return viewers > 0 ? (CameraStatus.Busy, viewers) : (CameraStatus.Online, 0);
            default:
                if (!_reachable.TryGetValue(camera.Id, out var reachable))
                {
                    return null;
                }
                if (!reachable)
                {
                    return (CameraStatus.Offline, 0);
                }
                return watched ? (CameraStatus.Busy, 1) : (CameraStatus.Online, 0);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
