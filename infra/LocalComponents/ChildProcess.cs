using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using Hiroba.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Hiroba.LocalComponents;

/// <summary>
/// A started executable whose output is captured line by line; it can be awaited until ready and stopped
/// gracefully (SIGTERM, then SIGKILL after a grace period).
/// </summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    public static readonly TimeSpan DefaultGracePeriod = TimeSpan.FromSeconds(10);
    /// <summary>Probes again until ready: soon at first (most components are quick), then every 200 ms.</summary>
    private static readonly ResiliencePipeline<bool> UntilReady = new ExponentialBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(200))
        .RetryUntilStopped<bool>(TimeProvider.System, outcome => outcome is { Exception: null, Result: false });
    // A grandchild that inherited stdout can keep the pipe open long after the process itself has exited.
    private static readonly TimeSpan OutputDrainTimeout = TimeSpan.FromSeconds(2);

    private readonly Process _process;
    private readonly ChildProcessOptions _options;
    private readonly OutputBuffer _output;
    private readonly Task<int> _exited;

    private ChildProcess(Process process, ChildProcessOptions options, OutputBuffer output, Task processExited)
    {
        _process = process;
        _options = options;
        _output = output;
        Id = process.Id;
        _exited = WaitForExitCodeAsync(processExited);
    }

    public string Name => _options.Name;

    public int Id { get; }

    public bool HasExited => _exited.IsCompleted;

    /// <summary>Completes with the exit code (128 + signal number when a signal ended it) once the output is drained.</summary>
    public Task<int> Exited => _exited;

    public IReadOnlyList<string> RecentOutput => _output.Snapshot();

    public static ChildProcess Start(ChildProcessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var startInfo = new ProcessStartInfo(options.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in options.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in options.Environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        var output = new OutputBuffer(options.OutputLinesKept);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var processExited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => processExited.TrySetResult();
        DataReceivedEventHandler LineHandler(Action<string>? forward) => (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }
            output.Add(e.Data);
            forward?.Invoke(e.Data);
            if (options.Logger is { } logger)
            {
                LogOutputLine(logger, options.Name, e.Data);
            }
        };
        process.OutputDataReceived += LineHandler(options.OnOutputLine);
        process.ErrorDataReceived += LineHandler(options.OnErrorLine ?? options.OnOutputLine);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ChildProcessException($"Could not start {options.Name} ({options.FileName}): {e.Message}.", []);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, options, output, processExited.Task);
    }

    /// <summary>
    /// Polls <paramref name="probe"/> until it returns true. Fails with the last output lines when the process exits
    /// first (noticed at the next probe) or <paramref name="timeout"/> passes.
    /// </summary>
    /// <param name="condition">What is awaited, for the error message, e.g. "TCP port 1234 accepts".</param>
    public async Task WaitUntilReadyAsync(
        string condition, Func<CancellationToken, Task<bool>> probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        bool ready;
        try
        {
            ready = await UntilReady.ExecuteAsync(
                async (state, token) =>
                {
                    state.Process.ThrowIfExited(state.Condition);
                    return await state.Probe(token);
                },
                (Process: this, Condition: condition, Probe: probe), deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            ready = false;
        }
        if (!ready)
        {
            // A probe that answers false when cancelled ends the retries with that answer.
            cancellationToken.ThrowIfCancellationRequested();
            ThrowIfExited(condition);
            throw new ChildProcessException(
                $"{Name} (pid {Id}) did not reach \"{condition}\" within {timeout.TotalSeconds:0.#} s.", RecentOutput);
        }
    }

    public Task WaitForTcpPortAsync(int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitForTcpPortAsync(IPAddress.Loopback, port, timeout, cancellationToken);

    public Task WaitForTcpPortAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilReadyAsync($"TCP port {port} on {address} accepts", ct => ReadinessProbes.TcpAcceptsAsync(address, port, ct),
            timeout, cancellationToken);

    /// <summary>Its stop signal (SIGTERM), then SIGKILL of the whole tree when it has not exited after <paramref name="gracePeriod"/>.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync(TimeSpan? gracePeriod = null)
    {
        if (!HasExited && PosixProcess.Signal(Id, _options.StopSignal))
        {
            var graceful = await Task.WhenAny(_exited, Task.Delay(gracePeriod ?? DefaultGracePeriod)) == _exited;
            if (!graceful)
            {
                KillTree();
            }
        }
        return await _exited;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the grace period and the kill.
        }
    }

    private void ThrowIfExited(string condition)
    {
        if (HasExited)
        {
            throw new ChildProcessException(
                $"{Name} (pid {Id}) exited with code {_exited.Result} before \"{condition}\".", RecentOutput);
        }
    }

    private async Task<int> WaitForExitCodeAsync(Task processExited)
    {
        await processExited;
        try
        {
            await _process.WaitForExitAsync().WaitAsync(OutputDrainTimeout);
        }
        catch (TimeoutException)
        {
            // Keep what was read so far; the exit code is known.
        }
        return _process.ExitCode;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Component} | {Line}")]
    private static partial void LogOutputLine(ILogger logger, string component, string line);
}
