using System.Net.ServerSentEvents;
using System.Text.Json;
using Hiroba.CameraBridge.Cameras;
using Hiroba.ServiceDefaults.ServerSentEvents;

namespace Hiroba.CameraBridge.Status;

/// <summary>
/// The signed-in pages' live camera status (<c>GET /api/cameras/events</c>): every camera's status when a stream
/// opens, then each change as <see cref="CameraStatusRelay"/> takes it off the board. The status topic stays among
/// the services: cameras are for signed-in users only, and the broker's public listener has no sign-in.
/// </summary>
public sealed class CameraStatusFeed(CameraRegistry registry, CameraStatusBoard board, TimeProvider timeProvider) : BackgroundService
{
    public const string EventType = "status";

    /// <summary>Streams open at once, across all signed-in pages.</summary>
    public const int MaxStreams = 1000;

    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lock _gate = new();
    private readonly EventStreamSet _streams = new();

    /// <returns>Null when <see cref="MaxStreams"/> are open already.</returns>
    public EventStream? Open()
    {
        var stream = new EventStream();
        lock (_gate)
        {
            if (_streams.Count >= MaxStreams)
            {
                return null;
            }
            // Under the lock, so that no change published meanwhile can arrive before the state it changes.
            foreach (var camera in registry.All)
            {
                stream.TrySend(Frame(board.StatusOf(camera)));
            }
            _streams.Add(stream);
        }
        return stream;
    }

    public void Close(EventStream stream)
    {
        lock (_gate)
        {
            _streams.Remove(stream);
        }
    }

    public void Publish(CameraStatusReport report) => SendToAll(Frame(report));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                SendToAll(EventStreamItems.KeepAlive);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            lock (_gate)
            {
                _streams.CloseAll();
            }
        }
    }

    private void SendToAll(SseItem<byte[]> item)
    {
        lock (_gate)
        {
            // A stream that fell behind is dropped; its page reconnects and starts from the current state.
            _streams.Broadcast(item);
        }
    }

    private static SseItem<byte[]> Frame(CameraStatusReport report) =>
        EventStreamItems.Create(EventType, JsonSerializer.SerializeToUtf8Bytes(report, Json));
}
