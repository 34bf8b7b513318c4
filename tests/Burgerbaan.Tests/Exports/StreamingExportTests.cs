using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using CsvHelper;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Exports;

/// <summary>The service with a probe on the response body of the export: how many bytes the service has handed over so far.</summary>
public sealed class MeteredFactory : BurgerbaanApiFactory
{
    private long _written;

    public long Written => Interlocked.Read(ref _written);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddSingleton<IStartupFilter>(new Meter(this)));
    }

    private sealed class Meter(MeteredFactory factory) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, inner) =>
            {
                if (http.Request.Path.StartsWithSegments("/v1/payouts"))
                {
                    http.Response.Body = new Counting(http.Response.Body, factory);
                }
                return inner(http);
            });
            next(app);
        };
    }

    private sealed class Counting(Stream inner, MeteredFactory factory) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Interlocked.Add(ref factory._written, count);
            inner.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            // Counted before it is handed on: a body built in memory first would show its full size here at once.
            Interlocked.Add(ref factory._written, buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}

public sealed class StreamingExportTests(MeteredFactory api) : IClassFixture<MeteredFactory>
{
    private const int Rows = 100_000;

    /// <summary>100,000 payouts written straight into the test's SQLite file (through HTTP it would take minutes): copies of one made through the API.</summary>
    private async Task<(long VolunteerId, long SumCents)> HundredThousandPayouts()
    {
        var anna = await api.Enrol();
        await api.Admin().Pay(PayoutKit.Payout(anna.VolunteerId, 1_250, 2, PayoutKind.Expense, receipt: "BON-1", description: "Parkeren, buurthuis"));
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        await c.ExecuteAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows - 1})
            INSERT INTO payouts (volunteer_id, agreement_id, kind, amount_cents, period, status, description, receipt_reference, created_at, updated_at, version)
            SELECT p.volunteer_id, p.agreement_id, p.kind, p.amount_cents + n.i % 100, p.period, p.status, p.description, 'BON-' || n.i, p.created_at, p.updated_at, 1
            FROM payouts p, n WHERE p.volunteer_id = @VolunteerId
            """, new { anna.VolunteerId });
        var sum = await c.ExecuteScalarAsync<long>("SELECT SUM(amount_cents) FROM payouts WHERE volunteer_id = @VolunteerId", new { anna.VolunteerId });
        return (anna.VolunteerId, sum);
    }

    /// <summary>PRAGMA wal_checkpoint(TRUNCATE)'s first column: 1 when a reader's snapshot kept it from resetting the WAL.</summary>
    private async Task<long> CheckpointBusy()
    {
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return await c.ExecuteScalarAsync<long>("PRAGMA wal_checkpoint(TRUNCATE)");
    }

    [Fact]
    public async Task A_hundred_thousand_payouts_are_streamed_as_they_are_read_and_all_arrive()
    {
        var (volunteer, sum) = await HundredThousandPayouts();
        var finance = api.Finance();
        // The export must start with frames in the WAL that are not yet copied into the database file, so that its snapshot
        // holds on to the WAL (below). A write does that, but the service's checkpoint copier may copy its frames before the
        // export's read begins (it woke for the finance key's commit and runs at most every 50 ms; on a busy machine that
        // pass came after the write once). So a reader holds a snapshot from before the write until the export reads: no
        // checkpoint copies a frame past a reader's snapshot. The write must change its row: an UPDATE that set a column to
        // its own value added no frame to the WAL.
        await using var pin = new SqliteConnection(api.ConnectionString);
        await pin.OpenAsync();
        await using var pinned = pin.BeginTransaction(deferred: true);
        Assert.Equal(Rows, await pin.ExecuteScalarAsync<long>("SELECT count(*) FROM payouts WHERE volunteer_id = @volunteer", new { volunteer }, pinned));
        await using (var c = new SqliteConnection(api.ConnectionString))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("UPDATE payouts SET version = version + 1 WHERE id = (SELECT MIN(id) FROM payouts WHERE volunteer_id = @volunteer)", new { volunteer });
        }
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/payouts?volunteerId={volunteer}&format=csv");

        using var response = await finance.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentLength);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body, new System.Text.UTF8Encoding(false));
        using var csv = new CsvReader(reader, System.Globalization.CultureInfo.InvariantCulture);
        await csv.ReadAsync();
        csv.ReadHeader();
        var count = 0;
        var cents = 0L;
        while (count < 1_000 && await csv.ReadAsync())
        {
            count++;
            cents += csv.GetField<long>("amount_cents");
        }
        // The client has read 1,000 rows and stopped: the service is held back by it and has handed over only a little more than that, not
        // the whole export (over 6 MB), which a service that built the body first would have written at once.
        var early = api.Written;
        Assert.InRange(early, 1, 1024 * 1024);
        await pinned.RollbackAsync();
        // And the database read is still going on: the export's statement holds its snapshot of the WAL, so a checkpoint cannot reset
        // the WAL (busy = 1). A service that read every row before writing would have closed its statement by now.
        Assert.Equal(1, await CheckpointBusy());
        while (await csv.ReadAsync())
        {
            count++;
            cents += csv.GetField<long>("amount_cents");
            Assert.Equal(volunteer, csv.GetField<long>("volunteer_id"));
        }

        Assert.Equal(0, await CheckpointBusy());
        Assert.Equal(Rows, count);
        Assert.Equal(sum, cents);
        Assert.True(api.Written > 6 * 1024 * 1024, $"{api.Written} bytes written");
        Assert.True(api.Written > 6 * early, $"{early} bytes before the client read on, {api.Written} in all");
    }
}
