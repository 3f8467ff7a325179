using System.Globalization;

namespace Hiroba.AppHost;

/// <summary>
/// A resource of the model as the <see cref="Supervisor"/> sees it: Aspire reports its process's exit as a resource
/// state and does not start it again by itself; its start command does.
/// </summary>
internal sealed class AspireResourceProcess(
    IResource resource, ResourceNotificationService notifications, ResourceCommandService commands) : ISupervisedProcess
{
    private const string ProcessIdProperty = "executable.pid";

    /// <summary>How long a restarted process may take to run before it counts as not back.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public string Name => resource.Name;

    public async Task<int?> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var ended = await notifications.WaitForResourceAsync(Name, IsEnded, cancellationToken);
        return ended.Snapshot.ExitCode;
    }

    public async Task<int?> RestartAsync(CancellationToken cancellationToken)
    {
        var result = await commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new RestartFailedException(result.Message ?? "its start command failed");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StartTimeout);
        ResourceEvent started;
        try
        {
            // The state still says how the last process ended until this one runs.
            started = await notifications.WaitForResourceAsync(
                Name, update => update.Snapshot.State?.Text == KnownResourceStates.Running || update.Snapshot.State?.Text == KnownResourceStates.FailedToStart,
                timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RestartFailedException($"it did not run within {StartTimeout.TotalSeconds:0} s");
        }
        if (started.Snapshot.State?.Text == KnownResourceStates.FailedToStart)
        {
            throw new RestartFailedException("it failed to start (its log says why)");
        }
        return ProcessIdOf(started);
    }

    /// <summary>The process the resource runs now, as DCP reports it; null before it runs.</summary>
    public static int? ProcessIdOf(ResourceEvent update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var processId = update.Snapshot.Properties.FirstOrDefault(property => property.Name == ProcessIdProperty)?.Value;
        return processId is null ? null : Convert.ToInt32(processId, CultureInfo.InvariantCulture);
    }

    private static bool IsEnded(ResourceEvent update) => KnownResourceStates.TerminalStates.Contains(update.Snapshot.State?.Text);
}
