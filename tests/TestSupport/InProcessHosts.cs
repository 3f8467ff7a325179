using Microsoft.AspNetCore.Builder;

namespace Hiroba.TestSupport;

/// <summary>
/// Builds the in-process hosts of a test run one at a time. <c>WebApplicationFactory</c> finds the host a top-level
/// <c>Program</c> builds through a process-wide diagnostic event, so any host built at that moment (another
/// factory's, or a test's own <see cref="WebApplication"/>) can be caught in its place, and the factory then fails
/// with "Addresses cannot be modified after the server has started".
/// </summary>
public static class InProcessHosts
{
    private static readonly Lock Building = new();

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        lock (Building)
        {
            return builder.Build();
        }
    }

    /// <summary>Runs a factory's host creation (e.g. <c>base.CreateHost</c>) under the same lock.</summary>
    public static T Build<T>(Func<T> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (Building)
        {
            return create();
        }
    }
}
