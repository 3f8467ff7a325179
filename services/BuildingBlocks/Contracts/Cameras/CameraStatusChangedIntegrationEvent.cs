using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Cameras;

/// <summary>
/// A camera's status changed (published on change only, and once per camera when the bridge starts). For the services
/// only: browsers get the same through the bridge's signed-in <c>GET /api/cameras/events</c>.
/// </summary>
/// <param name="ViewerCount">Viewers watching now (0 or 1: one viewer per Momo connection).</param>
/// <param name="ChangedAt">When the bridge saw the change; a page keeps the newest it has seen per camera.</param>
[Topic("cameras.camera-status-changed")]
public sealed record CameraStatusChangedIntegrationEvent(string CameraId, CameraStatus Status, int ViewerCount, DateTimeOffset ChangedAt)
    : IntegrationEvent;
