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
        AllHealthy = AllOrFirstFailureAsync([.. _waits.Values]);
    }

    /// <summary>Completes once every resource is healthy, or fails as soon as one of them cannot become healthy.</summary>
    public Task AllHealthy { get; }

    /// <summary>The resources that stopped before they became healthy, by name.</summary>
    public IReadOnlyList<string> Failed => [.. _waits.Where(wait => wait.Value.IsFaulted).Select(wait => wait.Key)];

    /// <summary>The resources not healthy (yet), by name.</summary>
    public IReadOnlyList<string> NotHealthy => [.. _waits.Where(wait => !wait.Value.IsCompletedSuccessfully).Select(wait => wait.Key)];

    /// <remarks>Task.WhenAll would report a failure only once every other wait has ended, and some never do.</remarks>
    private static async Task AllOrFirstFailureAsync(List<Task> waits)
    {
        while (waits.Count > 0)
        {
            var ended = await Task.WhenAny(waits);
            await ended;
            waits.Remove(ended);
        }
    }
}
