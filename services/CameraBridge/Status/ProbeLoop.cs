using Hiroba.CameraBridge.Cameras;

namespace Hiroba.CameraBridge.Status;

/// <summary>Probes one p2p camera on its <see cref="ProbeSchedule"/> until stopped; <see cref="Wake"/> probes at once.</summary>
internal sealed class ProbeLoop(Camera camera, CameraStatusBoard board, StatusOptions options, TimeProvider timeProvider)
{
    private readonly MomoP2pEndpoint _endpoint = (MomoP2pEndpoint)camera.Endpoint;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _running = Task.CompletedTask;

    public Camera Camera => camera;

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    public void Wake() => Volatile.Read(ref _wake).TrySetResult();

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var schedule = new ProbeSchedule(options);
        try
        {
            while (true)
            {
                var reachable = await TcpProbe.IsReachableAsync(_endpoint.Url, options.ProbeTimeout, timeProvider, stopping);
                board.SetReachable(camera.Id, reachable);
                var wake = Volatile.Read(ref _wake);
                await Task.WhenAny(wake.Task, Task.Delay(schedule.Next(reachable), timeProvider, stopping));
                stopping.ThrowIfCancellationRequested();
                if (wake.Task.IsCompleted)
                {
                    Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
