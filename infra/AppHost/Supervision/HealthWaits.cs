namespace Hiroba.AppHost;

/// <summary>Waits for resources to become healthy, and tells which have not yet.</summary>
internal sealed class HealthWaits
{
    private readonly Dictionary<string, Task> _waits;

    /// <summary>Starts waiting; a resource that fails to start or exits ends the wait with a <see cref="DistributedApplicationException"/>.</summary>
    public HealthWaits(ResourceNotificationService notifications, IEnumerable<string> resourceNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _waits = resourceNames.ToDictionary(name => name, name =>
            (Task)notifications.WaitForResourceHealthyAsync(name, WaitBehavior.StopOnResourceUnavailable, cancellationToken));
        AllHealthy = Task.WhenAll(_waits.Values);
    }

    public Task AllHealthy { get; }

    /// <summary>The resources not healthy (yet), by name.</summary>
    public IReadOnlyList<string> NotHealthy => [.. _waits.Where(wait => !wait.Value.IsCompletedSuccessfully).Select(wait => wait.Key)];
}
