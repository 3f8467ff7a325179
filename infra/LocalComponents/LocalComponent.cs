namespace Hiroba.LocalComponents;

/// <summary>
/// A server that runs as a child process and can be started, awaited until ready, stopped and started again with the
/// same configuration and ports (for restarts and reconnect tests).
/// </summary>
/// <param name="onErrorLine">Receives the stderr lines; without it they go to <paramref name="onOutputLine"/>.</param>
public abstract class LocalComponent(string name, Action<string>? onOutputLine, Action<string>? onErrorLine = null) : IAsyncDisposable
{
    private ChildProcess? _process;

    public string Name { get; } = name;

    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The current process, or null before the first start.</summary>
    public ChildProcess? Process => _process;

    public IReadOnlyList<string> RecentOutput => _process?.RecentOutput ?? [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is already running (pid {_process.Id}).");
        }
        await PrepareAsync(cancellationToken);
        var process = ChildProcess.Start(DescribeProcess());
        _process = process;
        try
        {
            await WaitUntilReadyAsync(process, cancellationToken);
        }
        catch
        {
            await process.StopAsync();
            throw;
        }
    }

    /// <returns>The exit code, or null when it was never started.</returns>
    public async Task<int?> StopAsync() => _process is null ? null : await _process.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>Writes configuration files; runs before every start.</summary>
    protected virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected abstract ChildProcessOptions DescribeProcess();

    protected abstract Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken);

    protected ChildProcessOptions ProcessOptions(
        string fileName, IReadOnlyList<string> arguments, string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null) =>
        new(Name, fileName, arguments, workingDirectory, environment, onOutputLine, OnErrorLine: onErrorLine);
}
