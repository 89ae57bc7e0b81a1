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
            owner._lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), exception)
            {
                EventId = eventId,
                State = state is IReadOnlyList<KeyValuePair<string, object?>> properties
                    ? properties.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal)
                    : new Dictionary<string, object?>(StringComparer.Ordinal),
            });
    }
}

/// <summary>One captured log line.</summary>
public sealed record LogLine(string Category, LogLevel Level, string Message, Exception? Exception)
{
    /// <summary>The line's event id.</summary>
    public EventId EventId { get; init; }

    /// <summary>The line's structured properties (a <c>[LoggerMessage]</c>'s parameters), by name.</summary>
    public IReadOnlyDictionary<string, object?> State { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);
}
