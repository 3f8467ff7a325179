namespace Hiroba.LocalComponents;

/// <summary>A child process failed to start, exited early or did not become ready; carries its last output.</summary>
public sealed class ChildProcessException(string message, IReadOnlyList<string> recentOutput)
    : Exception(Describe(message, recentOutput))
{
    public IReadOnlyList<string> RecentOutput { get; } = recentOutput;

    private static string Describe(string message, IReadOnlyList<string> recentOutput) =>
        recentOutput.Count == 0
            ? $"{message} It wrote no output."
            : $"{message} Its last output lines:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", recentOutput.TakeLast(30))}";
}
