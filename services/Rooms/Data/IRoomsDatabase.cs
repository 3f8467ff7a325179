namespace Hiroba.Rooms.Data;

/// <summary>The database behind the repositories, made ready (created, migrated) before anything uses it.</summary>
public interface IRoomsDatabase
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
