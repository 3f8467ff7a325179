namespace Hiroba.CameraBridge.Data;

/// <summary>The database behind the repositories, made ready (created, migrated) before anything uses it.</summary>
public interface ICamerasDatabase
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
