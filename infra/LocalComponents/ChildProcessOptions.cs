using Microsoft.Extensions.Logging;

namespace Hiroba.LocalComponents;

/// <summary>What to start and where its output goes.</summary>
/// <param name="Name">Short component name used in errors and log lines, e.g. <c>mosquitto</c>.</param>
/// <param name="Environment">Variables to set; a null value removes the variable.</param>
/// <param name="OnOutputLine">Called for every stdout line (and stderr line, without <paramref name="OnErrorLine"/>), from a thread-pool thread.</param>
/// <param name="Logger">Receives every line at Information level with the component name.</param>
/// <param name="OutputLinesKept">How many of the most recent lines <see cref="ChildProcess.RecentOutput"/> keeps.</param>
/// <param name="OnErrorLine">Called for every stderr line instead of <paramref name="OnOutputLine"/>.</param>
/// <param name="StopSignal">The signal that asks it to stop (SIGTERM, 15, unless the program wants another).</param>
public sealed record ChildProcessOptions(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory = null,
    IReadOnlyDictionary<string, string?>? Environment = null,
    Action<string>? OnOutputLine = null,
    ILogger? Logger = null,
    int OutputLinesKept = 200,
    Action<string>? OnErrorLine = null,
    int StopSignal = PosixProcess.SigTerm);
