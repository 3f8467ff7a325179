using System.Globalization;
using Microsoft.Extensions.Hosting;

namespace Hiroba.AppHost;

/// <summary>
/// Each resource's output, as Aspire collects it, into its log file (<see cref="ComponentLogs"/>); a service's
/// errors (its stderr) reach the terminal as well. mosquitto logs everything to stderr, so only services count.
/// </summary>
internal sealed class ResourceLogs(HirobaResources resources, ComponentLogs logs, ResourceLoggerService logger) : EarlyBackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(resources.All.Select(resource => CopyAsync(resource, stoppingToken)));

    private async Task CopyAsync(IResource resource, CancellationToken cancellationToken)
    {
        var name = resource.Name;
        var toFile = logs.For(name);
        var errorsToTerminal = resources.Services.Values.Concat(resources.MoreReplicas).Any(service => service.Resource == resource);
        try
        {
            await foreach (var lines in logger.WatchAsync(resource).WithCancellation(cancellationToken))
            {
                foreach (var line in lines)
                {
                    toFile(line.Content);
                    if (errorsToTerminal && line.IsErrorMessage)
                    {
                        ConsoleOutput.Write(name, WithoutTimestamp(line.Content));
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is stopping.
        }
    }

    /// <summary>Aspire puts the time in front of each line; the terminal's reader has it already.</summary>
    private static string WithoutTimestamp(string line)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && DateTime.TryParse(line.AsSpan(0, space), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
            ? line[(space + 1)..]
            : line;
    }
}
