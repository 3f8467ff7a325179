using Hiroba.EventBus.Publishing;

namespace Hiroba.CameraBridge.Status;

/// <summary>
/// Hands every change on the <see cref="CameraStatusBoard"/> to the signed-in pages' <see cref="CameraStatusFeed"/> and
/// to the event publisher as <c>cameras.camera-status-changed</c>, so probes and viewers never wait for the broker. The
/// board is also refreshed every second, which ends Ayame rejoin graces on time.
/// </summary>
public sealed partial class CameraStatusRelay(
    CameraStatusBoard board, CameraStatusFeed feed, IIntegrationEventPublisher events, ILogger<CameraStatusRelay> logger) : BackgroundService
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                board.Refresh();
                foreach (var report in await board.TakeUnpublishedAsync(RefreshInterval, stoppingToken))
                {
                    feed.Publish(report);
                    events.Publish(report.ToEvent());
                    LogChanged(logger, report.CameraId, report.Status, report.ViewerCount);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Camera {CameraId} is {Status} ({ViewerCount} viewers)")]
    private static partial void LogChanged(ILogger logger, string cameraId, Hiroba.Contracts.Cameras.CameraStatus status, int viewerCount);
}
