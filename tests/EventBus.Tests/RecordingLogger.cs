using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hiroba.Mqtt.Tests.Support;

/// <summary>Keeps every log entry so a test can assert that a failure was reported.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
}

public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level}: {Message} {Exception?.Message}";
}
