using Hiroba.CameraBridge.Cameras;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The cameras the admin added (configured ones live in configuration only). An Ayame camera's signaling key is stored
/// encrypted (<see cref="SignalingKeyProtector"/>).
/// </summary>
public interface ICameraRepository
{
    /// <returns>False when a stored camera has that id already.</returns>
    Task<bool> TryAddAsync(Camera camera, CancellationToken cancellationToken);

    /// <returns>False when there was no such stored camera.</returns>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// The stored definitions in the order they were added; the registry validates them again. A signaling key the key
    /// ring cannot decrypt any more is left out (the camera is then invalid, but stays stored should the key ring return).
    /// </summary>
    Task<IReadOnlyList<CameraDefinition>> ListAsync(CancellationToken cancellationToken);
}
