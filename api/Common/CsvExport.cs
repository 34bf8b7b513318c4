using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using CsvHelper;
using CsvHelper.Configuration;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Common;

/// <summary>
/// CSV exports (issue 10): the CSV form of a list or report, chosen by <c>?format=csv</c> or <c>Accept: text/csv</c>, JSON staying the
/// default. The rows go to the client as the database hands them over (an unbuffered reader), so an export of 100,000 payouts never
/// sits in memory: README, "CSV exports", lists the columns and the formats.
/// </summary>
public static class CsvExport
{
    public const string MediaType = "text/csv";

    /// <summary>UTF-8 without a byte order mark: RFC 4180 readers (and CsvHelper) take the first bytes as the first header.</summary>
    internal static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line break. A text cell that starts with <c>=</c>, <c>+</c>,
    /// <c>-</c>, <c>@</c>, a tab or CR is prefixed with <c>'</c>, so a spreadsheet never runs a description as a formula.
    /// </summary>
    internal static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        NewLine = "\r\n",
        InjectionOptions = InjectionOptions.Escape,
    };

    /// <summary>
    /// <c>format=csv</c> or <c>format=json</c> decides; without it CSV is sent when <c>Accept</c> names <c>text/csv</c> with a quality above
    /// 0 and at least that of <c>application/json</c> (when named), so <c>Accept: application/json, text/csv;q=0.5</c> still gets JSON.
    /// </summary>
    public static bool Wanted(HttpRequest request, ReportFormat? format)
    {
        if (format is not null)
        {
            return format == ReportFormat.Csv;
        }
        double csv = 0, json = 0;
        foreach (var accept in request.GetTypedHeaders().Accept)
        {
            var quality = accept.Quality ?? 1;
            if (accept.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            {
                csv = Math.Max(csv, quality);
            }
            else if (accept.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
            {
                json = Math.Max(json, quality);
            }
        }
        return csv > 0 && csv >= json;
    }

    /// <summary>The CSV holds every matching row: paging belongs to the JSON pages, and a limit there would silently cut an export short.</summary>
    public static void RefusePaging(int? limit, string? cursor) => new Checks()
        .Require(limit is null, "limit", "The CSV export holds every matching row; limit and cursor page the JSON list only.")
        .Require(cursor is null, "cursor", "The CSV export holds every matching row; limit and cursor page the JSON list only.")
        .ThrowIfAny();

    /// <summary>An answer that streams <paramref name="rows"/> (read on one read connection) as CSV with <typeparamref name="TRow"/>'s columns.</summary>
    public static CsvResult Stream<TRow>(string fileName, Func<DbConnection, CancellationToken, IAsyncEnumerable<TRow>> rows) =>
        new CsvResult<TRow>(fileName, rows);

    /// <summary>Projects rows as they are read; nothing is collected.</summary>
    public static async IAsyncEnumerable<TOut> Select<TIn, TOut>(this IAsyncEnumerable<TIn> rows, Func<TIn, TOut> map,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return map(row);
        }
    }

    public static string Date(LocalDate date) => IsoText.Date(date);

    public static string Month(YearMonth month) => IsoText.Month(month);

    /// <summary>As in JSON: ISO-8601 UTC, with the fraction only when there is one.</summary>
    public static string Instant(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>An enum by its JSON name (<c>pending</c>).</summary>
    public static string Name<T>(T value) where T : struct, Enum => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}

/// <summary>Endpoint metadata: the operation also answers text/csv, and this is an example of it for the document.</summary>
public sealed record CsvExample(string Text);

/// <summary>A streamed CSV answer (see <see cref="CsvExport"/>); a handler returns it in its <c>Results&lt;...&gt;</c>.</summary>
public abstract class CsvResult : IResult
{
    public abstract Task ExecuteAsync(HttpContext httpContext);
}

/// <summary>
/// Writes the header, then each row as the reader yields it; the text is handed to the response in blocks of 16 KiB, and the client's
/// pace holds the reader back (a slow client never makes the service buffer). The read is not retried: a retry would send rows twice.
/// A failure before the first block leaves the response unstarted, so the usual problem answers; a failure after it aborts the response,
/// which a client sees as a body that does not end properly (chunked encoding without its last chunk), never as a shorter, valid CSV.
/// </summary>
internal sealed class CsvResult<TRow>(string fileName, Func<DbConnection, CancellationToken, IAsyncEnumerable<TRow>> rows) : CsvResult
{
    private const int BlockChars = 16 * 1024;

    public override async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = CsvExport.MediaType + "; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        var db = httpContext.RequestServices.GetRequiredService<Db>();
        await db.ReadAsync(async (c, token) =>
        {
            try
            {
                await WriteAsync(response.Body, rows(c, token), token);
            }
            catch (DbException e)
            {
                // Out of the retry pipeline's reach (it retries DbExceptions only): a retry would start the CSV again.
                throw new CsvExportFailedException(e);
            }
            return true;
        }, httpContext.RequestAborted);
    }

    private static async Task WriteAsync(Stream body, IAsyncEnumerable<TRow> source, CancellationToken ct)
    {
        // Neither writer is disposed on a failure: disposing flushes, and a half-written block must not reach the client as if complete.
        var text = new StreamWriter(body, CsvExport.Utf8, BlockChars, leaveOpen: true);
        var csv = new CsvWriter(text, CsvExport.Configuration, leaveOpen: true);
        csv.WriteHeader<TRow>();
        await csv.NextRecordAsync();
        await foreach (var row in source.WithCancellation(ct))
        {
            csv.WriteRecord(row);
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
        await text.FlushAsync(ct);
        await csv.DisposeAsync();
        await text.DisposeAsync();
    }
}

/// <summary>The database failed while an export was being written.</summary>
public sealed class CsvExportFailedException(Exception inner) : Exception("The CSV export could not be read to its end.", inner);
