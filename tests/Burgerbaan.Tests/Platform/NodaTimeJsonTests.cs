using System.Net;
using System.Text.Json;
using Burgerbaan.Api.Common;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Platform;

/// <summary>The NodaTime converters (NodaTime.Serialization.SystemTextJson): the one strict format each, everything else refused naming it.</summary>
public sealed class NodaTimeJsonTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly JsonSerializerOptions Json = BurgerbaanApiFactory.Json;

    private static T? Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Json);

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, Json);

    [Fact]
    public void Local_date_round_trips_as_iso_text()
    {
        var date = Read<LocalDate>("\"2025-03-14\"");

        Assert.Equal(new LocalDate(2025, 3, 14), date);
        Assert.Equal("\"2025-03-14\"", Write(date));
    }

    [Theory]
    [InlineData("\"2025-02-30\"")]
    [InlineData("\"2025-3-14\"")]
    [InlineData("\"14-03-2025\"")]
    [InlineData("\"2025/03/14\"")]
    [InlineData("20250314")]
    [InlineData("\"\"")]
    [InlineData("\"2025-03-14T00:00:00\"")]
    [InlineData("\" 2025-03-14\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Local_date_in_any_other_form_is_refused(string json)
    {
        Assert.Equal("Expected a date as yyyy-MM-dd.", Assert.Throws<JsonFieldException>(() => Read<LocalDate>(json)).ClientMessage);
    }

    [Fact]
    public void Nullable_local_date_accepts_null_and_still_checks_text()
    {
        Assert.Null(Read<LocalDate?>("null"));
        Assert.Equal(new LocalDate(2025, 3, 14), Read<LocalDate?>("\"2025-03-14\""));
        Assert.Equal("Expected a date as yyyy-MM-dd.", Assert.Throws<JsonFieldException>(() => Read<LocalDate?>("\"2025-02-30\"")).ClientMessage);
    }

    [Fact]
    public void Year_month_round_trips_as_iso_text()
    {
        var month = Read<YearMonth>("\"2025-03\"");

        Assert.Equal(new YearMonth(2025, 3), month);
        Assert.Equal("\"2025-03\"", Write(month));
    }

    [Theory]
    [InlineData("\"2025-13\"")]
    [InlineData("\"2025-3\"")]
    [InlineData("\"2025-00\"")]
    [InlineData("\"2025-03-01\"")]
    [InlineData("\"03-2025\"")]
    [InlineData("202503")]
    [InlineData("\"\"")]
    public void Year_month_in_any_other_form_is_refused(string json)
    {
        Assert.Equal("Expected a month as yyyy-MM.", Assert.Throws<JsonFieldException>(() => Read<YearMonth>(json)).ClientMessage);
    }

    [Theory]
    [InlineData("2025-03-14T09:30:00Z", 0L, "2025-03-14T09:30:00Z")]
    [InlineData("2025-03-14T09:30:00.5Z", 500_000_000L, "2025-03-14T09:30:00.5Z")]
    [InlineData("2025-03-14T09:30:00.500Z", 500_000_000L, "2025-03-14T09:30:00.5Z")]
    [InlineData("2025-03-14T09:30:00.123456789Z", 123_456_789L, "2025-03-14T09:30:00.123456789Z")]
    public void Instant_is_read_as_utc_and_written_back_with_z(string text, long nanoseconds, string written)
    {
        var instant = Read<Instant>($"\"{text}\"");

        Assert.Equal(Instant.FromUtc(2025, 3, 14, 9, 30).PlusNanoseconds(nanoseconds), instant);
        Assert.Equal($"\"{written}\"", Write(instant));
    }

    [Theory]
    [InlineData("\"2025-03-14T09:30:00\"")]          // no offset: local time is ambiguous
    [InlineData("\"2025-03-14T09:30:00+01:00\"")]    // an offset, even a right one, is not the UTC form
    [InlineData("\"2025-03-14T09:30:00+00:00\"")]
    [InlineData("\"2025-03-14T09:30:00z\"")]
    [InlineData("\"2025-03-14 09:30:00Z\"")]
    [InlineData("\"2025-03-14T09:30Z\"")]            // seconds are required
    [InlineData("\"2025-03-14T09:30:00.1234567891Z\"")] // more than nanoseconds
    [InlineData("\"2025-03-14\"")]
    [InlineData("1741944600")]
    [InlineData("null")]
    public void Instant_other_than_extended_iso_utc_is_refused(string json)
    {
        Assert.Equal("Expected an instant in UTC as yyyy-MM-ddTHH:mm:ssZ.", Assert.Throws<JsonFieldException>(() => Read<Instant>(json)).ClientMessage);
    }

    [Fact]
    public async Task Volunteer_with_a_date_that_does_not_exist_is_a_validation_problem()
    {
        var response = await api.Admin().SendRaw(HttpMethod.Post, "/v1/volunteers",
            """{"firstName":"Anna","lastName":"de Jong","dateOfBirth":"2025-02-30"}""");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["dateOfBirth"], problem.ErrorFields());
        Assert.Equal("Expected a date as yyyy-MM-dd.", (string?)problem["errors"]!["dateOfBirth"]![0]);
        Assert.Equal("One or more fields are invalid; see errors.", (string?)problem["detail"]);
    }
}
