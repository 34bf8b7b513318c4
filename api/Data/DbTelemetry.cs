using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Traces and metrics of the database layer: a span per unit of work (<c>db.read</c>, <c>db.write</c>: a write's
/// span includes its wait in the writer queue and the commit) and, on SQLite, a span per statement under it, named
/// for the statement's first keyword. Spans carry the parameterised SQL text, never a parameter's value.
/// Everything here costs one check of <see cref="ActivitySource.HasListeners"/> or <see cref="Instrument.Enabled"/>
/// while nobody listens (telemetry off, the default), so the tuned hot paths stay as they are.
/// </summary>
internal static class DbTelemetry
{
    public const string Name = "Burgerbaan.Data";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>The operations of a unit of work: the span's name and the duration's <c>db.operation.name</c>.</summary>
    public const string Read = "db.read", Write = "db.write";

    private static readonly Meter Meter = new(Name);

    /// <summary>OpenTelemetry's database client metric, per unit of work (operation read or write).</summary>
    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("db.client.operation.duration", "s",
        "Duration of a unit of work: a read, or a write including its wait for the single writer and the commit.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Units committed together by one SQLite group commit.</summary>
    public static readonly Histogram<int> BatchUnits = Meter.CreateHistogram<int>("burgerbaan.db.group_commit.units", "{unit}",
        "Units of work committed by one group-commit transaction (one fsync).",
        advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });

    /// <summary>True when someone listens to either the spans or the duration; the only cost paid when nobody does.</summary>
    public static bool Enabled => Duration.Enabled || Source.HasListeners();

    /// <summary>A unit's span (null when not sampled or nobody listens).</summary>
    public static Activity? StartUnit(string operation, string system)
    {
        var activity = Source.StartActivity(operation, ActivityKind.Internal);
        activity?.SetTag("db.system.name", system);
        return activity;
    }

    /// <summary>Records a unit's duration and ends its span, marking it failed when <paramref name="error"/> is given.</summary>
    public static void EndUnit(Activity? activity, long started, string operation, string system, Exception? error)
    {
        if (Duration.Enabled)
        {
            var tags = new TagList { { "db.system.name", system }, { "db.operation.name", operation } };
            if (error is not null)
            {
                tags.Add("error.type", ErrorType(error));
            }
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }
        if (activity is not null)
        {
            if (error is not null)
            {
                // The type only: a message may quote the request (a refusal's detail is for its caller).
                activity.SetStatus(ActivityStatusCode.Error);
                activity.SetTag("error.type", ErrorType(error));
            }
            activity.Dispose();
        }
    }

    /// <summary>A refusal by its problem code (the unit rolled back on purpose), anything else by its exception type.</summary>
    private static string ErrorType(Exception error) => error is Common.ApiProblemException problem ? problem.Code : error.GetType().Name;

    /// <summary>A statement's span, child of the unit's span (null while nobody listens).</summary>
    public static Activity? StartStatement(string sql)
    {
        if (!Source.HasListeners())
        {
            return null;
        }
        var operation = Operation(sql);
        var activity = Source.StartActivity(operation, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", "sqlite");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("db.query.text", sql);
        }
        return activity;
    }

    /// <summary>Runs one statement under its span; while nobody listens, only the check of <see cref="ActivitySource.HasListeners"/>.</summary>
    public static T Statement<TState, T>(string sql, TState state, Func<TState, T> run)
    {
        var activity = StartStatement(sql);
        if (activity is null)
        {
            return run(state);
        }
        try
        {
            var result = run(state);
            EndStatement(activity);
            return result;
        }
        catch (Exception e)
        {
            EndStatement(activity, e);
            throw;
        }
    }

    /// <inheritdoc cref="Statement{TState, T}"/>
    public static Task<T> StatementAsync<TState, T>(string sql, TState state, Func<TState, Task<T>> run) =>
        Source.HasListeners() ? TracedAsync(sql, state, run) : run(state);

    private static async Task<T> TracedAsync<TState, T>(string sql, TState state, Func<TState, Task<T>> run)
    {
        var activity = StartStatement(sql);
        try
        {
            var result = await run(state);
            EndStatement(activity);
            return result;
        }
        catch (Exception e)
        {
            EndStatement(activity, e);
            throw;
        }
    }

    /// <summary>The statement's first keyword (SELECT, INSERT, SAVEPOINT, ...), upper case.</summary>
    internal static string Operation(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        var end = 0;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }
        return end == 0 ? "SQL" : text[..end].ToString().ToUpperInvariant();
    }

    /// <summary>Ends a statement's span; a failure marks it with the exception's type (its message may quote values).</summary>
    public static void EndStatement(Activity? activity, Exception? error = null)
    {
        if (activity is null)
        {
            return;
        }
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", error.GetType().Name);
        }
        activity.Dispose();
    }
}
