namespace Hiroba.Feed.Storage;

/// <summary>The database behind the stores, made ready (created, migrated) before anything uses it.</summary>
public interface IFeedDatabase
{
    Task InitializeAsync(CancellationToken cancellationToken);
}
