using Hiroba.EventBus.Abstractions;

namespace Hiroba.CameraBridge.Status;

/// <summary>
/// Hands every change on the <see cref="CameraStatusBoard"/> to the signed-in pages' <see cref="CameraStatusFeed"/> and
/// publishes it as <c>cameras.camera-status-changed</c>, in the background so probes and viewers never wait for the
/// broker. A failed publish is retried with the camera's latest status; the board is also refreshed every second,
/// which ends Ayame rejoin graces on time.
/// </summary>
public sealed partial class StatusPublisher(
    CameraStatusBoard board, CameraStatusFeed feed, IEventBus eventBus, ILogger<StatusPublisher> logger) : BackgroundService
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
                    try
                    {
                        await eventBus.PublishAsync(report.ToEvent(), stoppingToken);
                        LogPublished(logger, report.CameraId, report.Status, report.ViewerCount);
                    }
                    catch (EventBusPublishException exception)
                    {
                        LogPublishFailed(logger, exception, report.CameraId);
                        board.Requeue(report);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(LogLevel.Information, "Camera {CameraId} is {Status} ({ViewerCount} viewers)")]
    private static partial void LogPublished(ILogger logger, string cameraId, Hiroba.Contracts.Cameras.CameraStatus status, int viewerCount);

    [LoggerMessage(LogLevel.Warning, "Could not publish the status of camera {CameraId}; retrying")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string cameraId);
}
