using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>Runs a command-line program to completion, e.g. <c>mosquitto_pub</c> or <c>turnutils_uclient</c> as a test oracle.</summary>
public static class CommandLineTool
{
    public static async Task<CommandLineResult> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        await using var process = ChildProcess.Start(new ChildProcessOptions(fileName, fileName, arguments));
        try
        {
            var exitCode = await process.Exited.WaitAsync(timeout);
            return new CommandLineResult(exitCode, process.RecentOutput);
        }
        catch (TimeoutException)
        {
            throw new ChildProcessException($"{fileName} did not finish within {timeout.TotalSeconds:0.#} s.", process.RecentOutput);
        }
    }
}

/// <param name="Output">The last stdout and stderr lines, interleaved.</param>
public sealed record CommandLineResult(int ExitCode, IReadOnlyList<string> Output)
{
    public string OutputText => string.Join('\n', Output);
}
