using Hiroba.CameraBridge.Cameras;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Status;

/// <summary>
/// Keeps one <see cref="ProbeLoop"/> per p2p camera in the registry: a TCP connect to the camera's host and port, the
/// only address the bridge has for it. Viewing sessions ask for a probe at once when they cannot reach a camera.
/// </summary>
public sealed class P2pCameraProber(
    CameraRegistry registry, CameraStatusBoard board, IOptions<StatusOptions> options, TimeProvider timeProvider) : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ProbeLoop> _loops = new(StringComparer.OrdinalIgnoreCase);
    private bool _stopped;

    /// <summary>Probes the camera now instead of at its next turn.</summary>
    public void ProbeNow(string cameraId)
    {
        lock (_gate)
        {
            if (_loops.TryGetValue(cameraId, out var loop))
            {
                loop.Wake();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        registry.Changed += Reconcile;
        Reconcile();
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, timeProvider, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        registry.Changed -= Reconcile;
        ProbeLoop[] loops;
        lock (_gate)
        {
            _stopped = true;
            loops = [.. _loops.Values];
            _loops.Clear();
        }
        await Task.WhenAll(loops.Select(loop => loop.StopAsync()));
    }

    private void Reconcile()
    {
        var wanted = registry.All.Where(camera => camera.Endpoint is MomoP2pEndpoint).ToDictionary(camera => camera.Id, StringComparer.OrdinalIgnoreCase);
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            foreach (var (id, loop) in _loops.Where(entry => !wanted.TryGetValue(entry.Key, out var camera) || camera != entry.Value.Camera).ToArray())
            {
                _loops.Remove(id);
                _ = loop.StopAsync();
            }
            foreach (var camera in wanted.Values.Where(camera => !_loops.ContainsKey(camera.Id)))
            {
                var loop = new ProbeLoop(camera, board, options.Value, timeProvider);
                _loops[camera.Id] = loop;
                loop.Start();
            }
        }
    }
}
