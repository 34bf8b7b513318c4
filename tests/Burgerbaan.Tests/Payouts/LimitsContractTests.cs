using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Payouts;

/// <summary>The limits PUT contract: GET's body goes back unchanged, an ETag guards replacements, and the statutory years are fixed.</summary>
public sealed class LimitsContractTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly PutAllowanceLimitsRequest Figures2040 = new(220000, 22000, 580, 340);

    [Fact]
    public async Task The_body_GET_returns_is_accepted_and_changes_nothing_without_an_audit_row()
    {
        (await api.Admin().PutLimits(2040, Figures2040)).EnsureSuccessStatusCode();
        var (before, etag) = await api.Finance().GetLimits(2040);
        var asRead = JsonNode.Parse(await (await api.Finance().GetAsync("/v1/allowance-limits/2040")).Content.ReadAsStringAsync())!;
        api.Clock.AdvanceMinutes(5);

        var response = await api.Admin().PutLimits(2040, asRead, etag);

        Assert.Equal(before, await response.ReadLimits());
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        Assert.Equal((before, etag), await api.Finance().GetLimits(2040));
        Assert.Equal(["allowance_limits.created"], (await api.Admin().Audit("allowance_limits", 2040)).Select(e => e.Action));
    }

    [Fact]
    public async Task A_change_moves_the_ETag_and_is_read_back()
    {
        (await api.Admin().PutLimits(2041, Figures2040)).EnsureSuccessStatusCode();
        var (_, etag) = await api.Finance().GetLimits(2041);

        var response = await api.Admin().PutLimits(2041, Figures2040 with { AnnualCents = 230000, Year = 2041 }, etag);

        var (stored, newTag) = await api.Finance().GetLimits(2041);
        Assert.Equal(stored, await response.ReadLimits());
        Assert.Equal((230000L, api.Clock.GetCurrentInstant(), "\"2\""), (stored.AnnualCents, stored.UpdatedAt, newTag));
        Assert.Equal(newTag, response.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData(2023)]
    [InlineData(2024)]
    [InlineData(2025)]
    public async Task A_statutory_year_cannot_change_and_stays_as_it_was(int year)
    {
        var (before, etag) = await api.Finance().GetLimits(year);

        var problem = await (await api.Admin().PutLimits(year, before.AsRequest() with { AnnualCents = 9_999_999, MonthlyCents = 999_999 }, etag))
            .Problem(HttpStatusCode.Conflict, "statutory_limits_fixed");

        Assert.Equal($"The limits for {year} are the Belastingdienst's published figures and cannot be changed.", (string?)problem["detail"]);
        Assert.Equal((before, etag), await api.Finance().GetLimits(year));
        Assert.Empty(await api.Admin().Audit("allowance_limits", year));
        // Its own figures sent back are no change, so they are accepted.
        Assert.Equal(before, await (await api.Admin().PutLimits(year, before.AsRequest(), etag)).ReadLimits());
        Assert.Empty(await api.Admin().Audit("allowance_limits", year));
    }

    [Fact]
    public async Task Replacing_a_year_needs_its_current_ETag_and_a_refusal_changes_nothing()
    {
        (await api.Admin().PutLimits(2042, Figures2040)).EnsureSuccessStatusCode();
        var (before, etag) = await api.Finance().GetLimits(2042);
        var change = Figures2040 with { AnnualCents = 250000 };

        await (await api.Admin().PutLimits(2042, change)).Problem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await api.Admin().PutLimits(2042, change, "\"7\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        var exists = await (await api.Admin().PutLimits(2042, change, ifNoneMatch: "*")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal("Limits for 2042 already exist; read them and send If-Match with their ETag to replace them.", (string?)exists["detail"]);
        Assert.Equal((before, etag), await api.Finance().GetLimits(2042));
        Assert.Equal(["allowance_limits.created"], (await api.Admin().Audit("allowance_limits", 2042)).Select(e => e.Action));
    }

    [Fact]
    public async Task A_new_year_is_created_without_If_Match_or_with_If_None_Match_star_but_not_against_an_ETag()
    {
        var refused = await (await api.Admin().PutLimits(2043, Figures2040, "\"1\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal("No allowance limits exist for 2043 to match; send no If-Match (or If-None-Match: *) to create them.", (string?)refused["detail"]);
        await (await api.Finance().GetAsync("/v1/allowance-limits/2043")).Problem(HttpStatusCode.NotFound, "not_found");

        var created = await api.Admin().PutLimits(2043, Figures2040 with { Year = 2043 }, ifNoneMatch: "*");

        Assert.Equal(await created.ReadLimits(HttpStatusCode.Created), (await api.Finance().GetLimits(2043)).Limits);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
    }
}
