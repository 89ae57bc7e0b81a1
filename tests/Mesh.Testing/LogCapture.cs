using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>A logger provider that keeps every formatted log line, so tests can assert what an operator reads.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    /// <summary>Every line so far, in order.</summary>
    public IReadOnlyList<LogLine> Lines => [.. _lines];

    /// <summary>The lines whose message contains <paramref name="text"/>.</summary>
    public IReadOnlyList<LogLine> Matching(string text) => [.. _lines.Where(l => l.Message.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One captured log line.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message, Exception? Exception);
