using System.Collections.Immutable;
using Hiroba.CameraBridge.Data;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Cameras;

public enum AddCameraResult { Added, IdTaken, Full }

public enum RemoveCameraResult { Removed, NotFound, Configured }

/// <summary>
/// Every camera the bridge shows: the configured ones first, then those the admin added (persisted). Readers get an
/// immutable snapshot; <see cref="Changed"/> tells the status board and the prober when the set changed.
/// </summary>
public sealed partial class CameraRegistry(
    IOptions<CamerasOptions> options, ICameraRepository repository, ILogger<CameraRegistry> logger)
{
    private readonly SemaphoreSlim _writing = new(1, 1);
    private ImmutableArray<Camera> _cameras = [];

    public event Action? Changed;

    public ImmutableArray<Camera> All => _cameras;

    public Camera? Find(string id) => _cameras.FirstOrDefault(camera => string.Equals(camera.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the configuration (validated at start-up) and the stored cameras.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var cameras = options.Value.Items
            .Select(item => CameraRules.Validate(item, item.Id!, CameraSource.Configuration, []))
            .OfType<Camera>()
            .ToList();
        foreach (var stored in await repository.ListAsync(cancellationToken))
        {
            var problems = new Dictionary<string, string[]>();
            if (CameraRules.Validate(stored, stored.Id!, CameraSource.Admin, problems) is not { } camera)
            {
                LogInvalidStoredCamera(logger, stored.Id!, string.Join(" ", problems.Values.SelectMany(text => text)));
            }
            else if (cameras.Any(other => string.Equals(other.Id, camera.Id, StringComparison.OrdinalIgnoreCase)))
            {
                LogShadowedCamera(logger, camera.Id);
            }
            else
            {
                cameras.Add(camera);
            }
        }
        _cameras = [.. cameras];
        LogLoaded(logger, options.Value.Items.Length, _cameras.Length - options.Value.Items.Length);
        Changed?.Invoke();
    }

    public async Task<AddCameraResult> AddAsync(Camera camera, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(camera);
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (Find(camera.Id) is not null)
            {
                return AddCameraResult.IdTaken;
            }
            if (_cameras.Length >= options.Value.MaxCameras)
            {
                return AddCameraResult.Full;
            }
            if (!await repository.TryAddAsync(camera, cancellationToken))
            {
                return AddCameraResult.IdTaken;
            }
            _cameras = _cameras.Add(camera);
        }
        finally
        {
            _writing.Release();
        }
        LogAdded(logger, camera.Id, camera.Kind);
        Changed?.Invoke();
        return AddCameraResult.Added;
    }

    public async Task<RemoveCameraResult> RemoveAsync(string id, CancellationToken cancellationToken)
    {
        Camera? camera;
        await _writing.WaitAsync(cancellationToken);
        try
        {
            camera = Find(id);
            if (camera is null)
            {
                return RemoveCameraResult.NotFound;
            }
            if (camera.Source == CameraSource.Configuration)
            {
                return RemoveCameraResult.Configured;
            }
            await repository.RemoveAsync(camera.Id, cancellationToken);
            _cameras = _cameras.Remove(camera);
        }
        finally
        {
            _writing.Release();
        }
        LogRemoved(logger, camera.Id);
        Changed?.Invoke();
        return RemoveCameraResult.Removed;
    }

    [LoggerMessage(LogLevel.Information, "Cameras: {Configured} configured, {Added} added by the admin")]
    private static partial void LogLoaded(ILogger logger, int configured, int added);

    [LoggerMessage(LogLevel.Information, "Camera {CameraId} added ({Kind})")]
    private static partial void LogAdded(ILogger logger, string cameraId, CameraKind kind);

    [LoggerMessage(LogLevel.Information, "Camera {CameraId} removed")]
    private static partial void LogRemoved(ILogger logger, string cameraId);

    [LoggerMessage(LogLevel.Warning, "Stored camera {CameraId} is invalid and ignored: {Problems}")]
    private static partial void LogInvalidStoredCamera(ILogger logger, string cameraId, string problems);

    [LoggerMessage(LogLevel.Warning, "Stored camera {CameraId} has the id of a configured camera; the configured one is shown")]
    private static partial void LogShadowedCamera(ILogger logger, string cameraId);
}
