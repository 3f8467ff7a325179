using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hiroba.EventBus.Tests;

/// <summary>Keeps every log entry of an app so a test can assert that something was reported.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public bool Contains(string text) => _entries.Any(entry => entry.Message.Contains(text, StringComparison.Ordinal));

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level}: {Message} {Exception?.Message}";
}
