using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>One log as written: its plain rendering (message, every state value, every scope, the exception) and the line the JSON console would print.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Text, string? Json);

/// <summary>
/// A logger provider that keeps every log of its service. It renders each one twice: everything a provider could print
/// (so nothing a formatter might add escapes the search), and through the service's own JSON console formatter with the
/// service's scopes (trace id included), which is what <c>Logging:Json=true</c> prints.
/// </summary>
public sealed class LogCapture(Func<ConsoleFormatter?> json) : ILoggerProvider, ISupportExternalScope
{
    private readonly Lazy<ConsoleFormatter?> _json = new(json);
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder().Append(category).Append(' ').Append(eventId).Append(' ').Append(formatter(state, exception));
            Append(text, state);
            owner._scopes.ForEachScope((scope, b) => Append(b.Append(" scope: "), scope), text);
            text.Append(' ').Append(exception);
            string? json = null;
            if (owner._json.Value is { } jsonFormatter)
            {
                using var writer = new StringWriter();
                jsonFormatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
                json = writer.ToString();
            }
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, text.ToString(), json));
        }

        private static void Append(StringBuilder text, object? state)
        {
            text.Append(' ').Append(state);
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    text.Append(' ').Append(key).Append('=').Append(value);
                }
            }
        }
    }
}
