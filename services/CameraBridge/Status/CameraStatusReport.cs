using Hiroba.Contracts.Cameras;

namespace Hiroba.CameraBridge.Status;

/// <summary>A camera's status as the API shows it and the status event carries it.</summary>
public sealed record CameraStatusReport(string CameraId, CameraStatus Status, int ViewerCount, DateTimeOffset ChangedAt)
{
    public CameraStatusChangedIntegrationEvent ToEvent() => new(CameraId, Status, ViewerCount, ChangedAt);
}
