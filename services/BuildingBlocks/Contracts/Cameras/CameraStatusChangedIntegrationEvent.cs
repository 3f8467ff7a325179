using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Cameras;

/// <summary>
/// A camera's status changed (published on change only, and once per camera when the bridge starts). A public topic:
/// anonymous browsers may read it over <c>/mqtt</c>, so it carries no name or address, only the id; signed-in pages
/// get names from <c>GET /api/cameras</c>.
/// </summary>
/// <param name="ViewerCount">Viewers watching now (0 or 1: one viewer per Momo connection).</param>
/// <param name="ChangedAt">When the bridge saw the change; a page keeps the newest it has seen per camera.</param>
[Topic("cameras.camera-status-changed")]
public sealed record CameraStatusChangedIntegrationEvent(string CameraId, CameraStatus Status, int ViewerCount, DateTimeOffset ChangedAt)
    : IntegrationEvent;
