using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Platform;
using Dapper;
using NodaTime;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// <see cref="RowReader"/>'s conversions read a stored value as the Dapper type handlers do: the same value, or the
/// same refusal for a value no row should hold.
/// </summary>
public sealed class RowReaderTests : IDisposable
{
    private readonly TempSqlite _file = new();

    public RowReaderTests() => NodaTypeHandlers.Register();

    public void Dispose() => _file.Dispose();

    private async Task<T> Read<T>(string stored, Func<System.Data.Common.DbDataReader, T> read)
    {
        await using var c = _file.Open();
        var rows = await RowReader.ListAsync(c, new CommandDefinition("SELECT @stored", new { stored }), read);
        return Assert.Single(rows);
    }

    // What the handler's parse and the typed reader each throw for a stored value (null: read).
    private async Task<(Exception? Handler, Exception? Typed)> Refusals<T>(string stored, Func<object, T> handler, Func<System.Data.Common.DbDataReader, T> read) =>
        (Record.Exception(() => handler(stored)), await Record.ExceptionAsync(() => Read(stored, read)));

    [Theory]
    [InlineData("2025-03-14")]
    [InlineData("2024-02-29")]
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31")]
    [InlineData("0000-01-01")] // year 0 is a year to NodaTime's ISO calendar: taken by the handler's pattern, as before
    [InlineData("2025-12-31")]
    public async Task A_stored_date_reads_as_the_handler_reads_it(string stored)
    {
        var expected = new NodaTypeHandlers.LocalDateHandler().Parse(stored);

        Assert.Equal(expected, await Read(stored, r => RowReader.Date(r, 0)));
    }

    [Theory]
    [InlineData("2025-02-29")]
    [InlineData("2025-13-01")]
    [InlineData("2025-00-10")]
    [InlineData("2025-04-31")]
    [InlineData("2025-04-00")]
    [InlineData("2025-1-01")]
    [InlineData("2025/01/01")]
    [InlineData("2025-0a-01")]
    [InlineData("")]
    public async Task A_stored_date_the_handler_refuses_is_refused_alike(string stored)
    {
        var (handler, typed) = await Refusals(stored, new NodaTypeHandlers.LocalDateHandler().Parse, r => RowReader.Date(r, 0));

        Assert.NotNull(handler);
        Assert.Equal(handler.GetType(), typed?.GetType());
    }

    [Fact]
    public async Task A_stored_enum_name_reads_as_its_member_and_any_other_text_fails_the_read()
    {
        Assert.Equal(HourStatus.Submitted, await Read("submitted", r => RowReader.Enum<HourStatus>(r, 0)));

        var refused = await Assert.ThrowsAsync<System.Data.DataException>(() => Read("Submitted", r => RowReader.Enum<HourStatus>(r, 0)));
        Assert.Contains("'Submitted' is not a HourStatus", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nullable_columns_read_null_and_set()
    {
        await using var c = _file.Open();
        var rows = await RowReader.ListAsync(c, new CommandDefinition("SELECT NULL, NULL UNION ALL SELECT 7, 'x'"),
            r => (RowReader.NullableInt64(r, 0), RowReader.NullableString(r, 1)));

        Assert.Equal([(null, null), (7L, "x")], rows);
    }

    [Fact]
    public async Task A_date_is_the_one_the_fast_path_builds_for_every_day_of_a_leap_and_a_common_year()
    {
        // The fast path is the one taken for every stored date; all of 2024 and 2025 against the pattern.
        var days = Enumerable.Range(0, 731).Select(d => new LocalDate(2024, 1, 1).PlusDays(d)).ToList();
        await using var c = _file.Open();
        var read = await RowReader.ListAsync(c, new CommandDefinition("SELECT value FROM json_each(@days)",
            new { days = System.Text.Json.JsonSerializer.Serialize(days.Select(d => d.ToString("yyyy-MM-dd", null))) }), r => RowReader.Date(r, 0));

        Assert.Equal(days, read);
    }

    public static TheoryData<string> StoredInstants => new()
    {
        "2025-03-14 09:00:00", "2025-03-14 09:00:00.1", "2025-03-14 09:00:00.1234567", "2024-02-29 23:59:59.9999999",
        "0001-01-01 00:00:00", "9999-12-31 23:59:59", "2025-12-31 00:00:00.05",
        // not as the driver writes them: the handler's parse decides, for either path
        "2025-03-14T09:00:00Z", "2025-03-14 10:00:00+01:00", "2025-03-14 09:00", "2025-03-14",
        // DateTime.Parse takes a bare point and an eighth digit; the fast path leaves both to it
        "2025-03-14 09:00:00.", "2025-03-14 09:00:00.12345678",
    };

    [Theory]
    [MemberData(nameof(StoredInstants))]
    public async Task A_stored_instant_reads_as_the_handler_reads_it(string stored)
    {
        var expected = new NodaTypeHandlers.InstantHandler().Parse(stored);

        Assert.Equal(expected, await Read(stored, r => RowReader.Instant(r, 0)));
    }

    [Theory]
    [InlineData("2025-02-29 09:00:00")]
    [InlineData("2025-03-14 24:00:00")]
    [InlineData("2025-03-14 09:60:00")]
    [InlineData("2025-03-14 09:00:0x")]
    [InlineData("morgen")]
    public async Task A_stored_instant_the_handler_refuses_is_refused_alike(string stored)
    {
        var (handler, typed) = await Refusals(stored, new NodaTypeHandlers.InstantHandler().Parse, r => RowReader.Instant(r, 0));

        Assert.NotNull(handler);
        Assert.Equal(handler.GetType(), typed?.GetType());
    }

    [Fact]
    public async Task An_instant_written_through_the_handler_reads_back_the_same_by_the_typed_reader()
    {
        var start = Instant.FromUtc(2025, 3, 14, 9, 0);
        // Whole seconds, tenths, single ticks and everything between: the driver leaves trailing zeros out.
        var instants = new[] { 0L, 1, 10, 1_000, 1_234_567, 5_000_000, 9_999_999, 10_000_000, 86_399_999_9999 }
            .Select(ticks => start.PlusTicks(ticks)).ToList();
        await using var c = _file.Open();
        foreach (var at in instants)
        {
            var read = Assert.Single(await RowReader.ListAsync(c, new CommandDefinition("SELECT @at", new { at }), r => RowReader.Instant(r, 0)));
            Assert.Equal(at, read);
        }
    }

    [Theory]
    [InlineData("2025-03")]
    [InlineData("0001-01")]
    [InlineData("9999-12")]
    [InlineData("2025-03 ")]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("2025-3")]
    [InlineData("maart")]
    public async Task A_stored_month_reads_or_is_refused_as_by_the_handler(string stored)
    {
        var (handler, typed) = await Refusals(stored, new NodaTypeHandlers.YearMonthHandler().Parse, r => RowReader.Month(r, 0));

        Assert.Equal(handler?.GetType(), typed?.GetType());
        if (handler is null)
        {
            Assert.Equal(new NodaTypeHandlers.YearMonthHandler().Parse(stored), await Read(stored, r => RowReader.Month(r, 0)));
        }
    }

    [Fact]
    public async Task A_payout_row_reads_the_same_by_the_typed_reader_as_by_Dapper_with_every_column_null_and_set()
    {
        _file.Migrated();
        await using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path};Pooling=False;Foreign Keys=False");
        await c.OpenAsync();
        var at = Instant.FromUtc(2025, 3, 14, 9, 0).PlusTicks(1_234_567);
        await c.ExecuteAsync(
            "INSERT INTO payouts (id, volunteer_id, agreement_id, kind, amount_cents, period, status, description, receipt_reference, " +
            "created_at, updated_at, version, payout_run_id, sponsorship_id, payee_name, payee_iban, created_by_key_id) VALUES " +
            "(1, 10, 20, @allowance, 5000, @march, @pending, NULL, NULL, @at, @at, 1, NULL, NULL, NULL, NULL, NULL), " +
            "(2, 11, 21, @travel, 1, @december, @paid, 'Reiskosten', 'BON-1', @at, @later, 7, 30, 40, 'Fatima El Amrani', 'NL91ABNA0417164300', 50)",
            new
            {
                allowance = PayoutKind.Allowance, travel = PayoutKind.Travel, pending = PayoutStatus.Pending, paid = PayoutStatus.Paid,
                march = new YearMonth(2025, 3), december = new YearMonth(2025, 12), at, later = at.Plus(Duration.FromDays(40)),
            });
        var sql = $"SELECT {Burgerbaan.Api.Payouts.PayoutSql.Columns} FROM payouts ORDER BY id";

        var byDapper = (await c.QueryAsync<Burgerbaan.Api.Payouts.PayoutSql.Row>(sql)).ToList();
        var typed = await RowReader.ListAsync(c, new CommandDefinition(sql), Burgerbaan.Api.Payouts.PayoutSql.Row.Read);

        Assert.Equal(2, byDapper.Count);
        Assert.Equal(byDapper.Select(Columns), typed.Select(Columns));
        Assert.Equal(("Fatima El Amrani", 50L, at), (typed[1].PayeeName, typed[1].CreatedByKeyId, typed[0].CreatedAt));
    }

    private static string Columns(Burgerbaan.Api.Payouts.PayoutSql.Row r) => System.Text.Json.JsonSerializer.Serialize(new object?[]
    {
        r.Id, r.VolunteerId, r.AgreementId, r.Kind, r.AmountCents, r.Period.ToString(), r.Status, r.Description, r.ReceiptReference,
        r.CreatedAt.ToString(), r.UpdatedAt.ToString(), r.Version, r.PayoutRunId, r.SponsorshipId, r.PayeeName, r.PayeeIban, r.CreatedByKeyId,
    });

    // The fast paths decide nothing a reader sees (a refused form goes to the handler), only how fast a page reads:
    // these pin that every form the driver writes takes them, with the right value, and that no other form does.
    [Theory]
    [InlineData("2025-03-14", 2025, 3, 14)]
    [InlineData("9999-12-31", 9999, 12, 31)]
    [InlineData("0001-01-01", 1, 1, 1)]
    [InlineData("1987-06-19", 1987, 6, 19)]
    [InlineData("2024-02-29", 2024, 2, 29)]
    public void The_written_date_form_takes_the_fast_path(string stored, int year, int month, int day)
    {
        Assert.True(RowReader.TryFastDate(stored, out var date));
        Assert.Equal(new LocalDate(year, month, day), date);
    }

    [Theory]
    [InlineData("2025/03-14")]
    [InlineData("2025-03/14")]
    [InlineData("2025-02-29")]
    [InlineData("2025-13-01")]
    [InlineData("2025-00-01")]
    [InlineData("2025-01-00")]
    [InlineData("0000-01-01")]
    [InlineData("2025-1-01")]
    [InlineData("2025-01-0a")]
    [InlineData("2025-01-:1")]
    [InlineData("2025-01-011")]
    public void Any_other_date_form_leaves_the_fast_path(string stored) => Assert.False(RowReader.TryFastDate(stored, out _));

    [Theory]
    [InlineData("2025-03-14 09:00:00", 0L)]
    [InlineData("2025-03-14 09:00:00.1", 1_000_000L)]
    [InlineData("2025-03-14 09:00:00.05", 500_000L)]
    [InlineData("2025-03-14 09:00:00.1234567", 1_234_567L)]
    [InlineData("2025-03-14 09:00:00.9999999", 9_999_999L)]
    public void The_written_instant_form_takes_the_fast_path(string stored, long ticks)
    {
        Assert.True(RowReader.TryFastInstant(stored, out var instant));
        Assert.Equal(Instant.FromUtc(2025, 3, 14, 9, 0).PlusTicks(ticks), instant);
    }

    [Fact]
    public void The_fast_path_reads_every_field_of_an_instant()
    {
        Assert.True(RowReader.TryFastInstant("9998-12-31 23:59:58.5", out var instant));
        Assert.Equal(Instant.FromUtc(9998, 12, 31, 23, 59, 58).PlusTicks(5_000_000), instant);
    }

    [Theory]
    [InlineData("2025-03-14T09:00:00")]
    [InlineData("2025/03-14 09:00:00")]
    [InlineData("2025-03/14 09:00:00")]
    [InlineData("2025-03-14 09-00:00")]
    [InlineData("2025-03-14 09:00-00")]
    [InlineData("2025-03-14 09:00:00,1")]
    [InlineData("2025-03-14 09:00:00.")]
    [InlineData("2025-03-14 09:00:00Z")]
    [InlineData("2025-03-14 09:00:00.12345678")]
    [InlineData("2025-03-14 09:00:00.12a")]
    [InlineData("2025-03-14 24:00:00")]
    [InlineData("2025-03-14 09:60:00")]
    [InlineData("2025-03-14 09:00:60")]
    [InlineData("2025-02-29 09:00:00")]
    [InlineData("0000-03-14 09:00:00")]
    public void Any_other_instant_form_leaves_the_fast_path(string stored) => Assert.False(RowReader.TryFastInstant(stored, out _));

    [Theory]
    [InlineData("2025-03", 2025, 3)]
    [InlineData("9999-12", 9999, 12)]
    [InlineData("0001-01", 1, 1)]
    public void The_written_month_form_takes_the_fast_path(string stored, int year, int month)
    {
        Assert.True(RowReader.TryFastMonth(stored, out var read));
        Assert.Equal(new YearMonth(year, month), read);
    }

    [Theory]
    [InlineData("2025/03")]
    [InlineData("2025-13")]
    [InlineData("2025-00")]
    [InlineData("2025-3 ")]
    [InlineData("0000-01")]
    [InlineData("2025-03 ")]
    public void Any_other_month_form_leaves_the_fast_path(string stored) => Assert.False(RowReader.TryFastMonth(stored, out _));
}
