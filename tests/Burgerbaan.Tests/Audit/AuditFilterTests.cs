using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.Audit.AuditReading;

namespace Burgerbaan.Tests.Audit;

/// <summary>GET /v1/audit filters (entity, entityId, action, keyId, from inclusive, to exclusive), combined with AND, paged.</summary>
public sealed class AuditFilterTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    /// <summary>
    /// Four changes an hour apart by two named keys, after the seed data, so an instant range from T0 selects exactly
    /// these: 0h desk A creates agreement X, 1h desk B creates placement P, 2h desk A extends X, 3h desk B creates key K.
    /// </summary>
    private sealed record Story(Instant T0, KeyedClient A, KeyedClient B, long Agreement, long Placement, long Key, Audited[] Rows);

    private async Task<Story> Tell()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation("Filter org " + Guid.NewGuid().ToString("n")[..6]);
        var a = await api.NewKey(ApiRole.Coordinator, "desk A");
        var b = await api.NewKey(ApiRole.Admin, "desk B");
        _ = api.Finance(); // its key is made now, before T0, not inside the story
        api.Clock.Advance(Duration.FromDays(1));
        var t0 = api.Clock.GetCurrentInstant();
        var agreement = await (await a.Client.PostJson($"/v1/volunteers/{volunteer.Id}/agreements",
            new CreateAgreementRequest(new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30)))).Read<AgreementResponse>(HttpStatusCode.Created);
        api.Clock.Advance(Duration.FromHours(1));
        var placement = await (await b.Client.PostJson("/v1/placements", new CreatePlacementRequest(volunteer.Id, organisation.Id, new LocalDate(2025, 1, 1), "Tuin")))
            .Read<PlacementResponse>(HttpStatusCode.Created);
        api.Clock.Advance(Duration.FromHours(1));
        (await a.Client.PostJson($"/v1/volunteers/{volunteer.Id}/agreements/{agreement.Id}/extend", new ExtendAgreementRequest(1))).EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromHours(1));
        var key = await (await b.Client.PostJson("/v1/api-keys", new CreateApiKeyRequest("Website", ApiRole.Website))).Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        api.Clock.Advance(Duration.FromHours(1));
        var rows = (await api.Admin().Trail($"from={Iso(t0)}")).Select(Audited.Of).ToArray();
        Assert.Equal(
            [("agreement.created", agreement.Id, a.KeyId), ("placement.created", placement.Id, b.KeyId), ("agreement.extended", agreement.Id, a.KeyId),
             ("api_key.created", key.Id, b.KeyId)],
            rows.Select(r => (r.Action, r.EntityId, r.KeyId!.Value)));
        return new Story(t0, a, b, agreement.Id, placement.Id, key.Id, rows);
    }

    [Fact]
    public async Task Each_filter_and_their_combinations_select_exactly_the_matching_rows()
    {
        var s = await Tell();
        var h = (int n) => Iso(s.T0 + Duration.FromHours(n));
        var expected = new (string Query, int[] Rows)[]
        {
            ($"from={h(0)}&keyId={s.A.KeyId}", [0, 2]),
            ($"keyId={s.B.KeyId}", [1, 3]),
            ($"from={h(0)}&entity=agreement", [0, 2]),
            ($"entity=agreement&entityId={s.Agreement}", [0, 2]),
            ($"entity=placement&entityId={s.Placement}", [1]),
            ($"entity=api_key&entityId={s.Key}&action=api_key.created", [3]),
            ($"from={h(0)}&action=agreement.extended", [2]),
            ($"keyId={s.A.KeyId}&action=agreement.created&entity=agreement&entityId={s.Agreement}", [0]),
            ($"keyId={s.B.KeyId}&entity=agreement", []),
            ($"from={h(1)}&to={h(3)}", [1, 2]),
            ($"from={h(1)}", [1, 2, 3]),
            ($"from={h(0)}&to={h(2)}", [0, 1]),
            ($"to={h(1)}&keyId={s.A.KeyId}", [0]),
            ($"from={Iso(s.T0 + Duration.FromTicks(1))}&to={Iso(s.T0 + Duration.FromHours(1) + Duration.FromTicks(1))}", [1]),
            ($"from={h(1)}&to={h(4)}&keyId={s.B.KeyId}&entity=api_key", [3]),
        };

        foreach (var (query, rows) in expected)
        {
            Assert.True(rows.Select(i => s.Rows[i]).SequenceEqual(await api.Admin().AuditRows(query)), query);
        }
    }

    [Fact]
    public async Task Paging_stays_within_the_filters_and_ends_with_a_null_cursor()
    {
        var s = await Tell();

        var first = await (await api.Finance().GetAsync($"/v1/audit?keyId={s.B.KeyId}&from={Iso(s.T0)}&limit=1")).Read<Page<AuditEntryResponse>>();
        var second = await (await api.Finance().GetAsync($"/v1/audit?keyId={s.B.KeyId}&from={Iso(s.T0)}&limit=1&cursor={Uri.EscapeDataString(first.NextCursor!)}"))
            .Read<Page<AuditEntryResponse>>();

        Assert.Equal([s.Rows[1], s.Rows[3]], first.Items.Concat(second.Items).Select(Audited.Of));
        Assert.NotNull(first.NextCursor);
        Assert.Null(second.NextCursor);
        Assert.Equal(s.Rows, (await api.Finance().Trail($"from={Iso(s.T0)}", limit: 1)).Select(Audited.Of));
        Assert.Equal([s.Rows[0], s.Rows[2]], (await api.Finance().Trail($"entity=agreement&entityId={s.Agreement}", limit: 1)).Select(Audited.Of));
    }

    [Fact]
    public async Task Entries_name_their_key_also_after_it_is_revoked()
    {
        var s = await Tell();
        (await api.Admin().DeleteAsync($"/v1/api-keys/{s.A.KeyId}")).EnsureSuccessStatusCode();

        var rows = await api.Finance().AuditRows($"keyId={s.A.KeyId}");

        Assert.Equal([s.Rows[0], s.Rows[2]], rows);
        Assert.All(rows, r => Assert.Equal(("desk A", ApiRole.Coordinator), (r.KeyName, r.Role!.Value)));
        var revoked = Assert.Single(await api.Finance().AuditRows($"entity=api_key&entityId={s.A.KeyId}&action=api_key.revoked"));
        Assert.Equal(("bootstrap admin", ApiRole.Admin), (revoked.KeyName, revoked.Role!.Value));
    }

    public static TheoryData<string, string, string> BadFilters() => new()
    {
        { "from=2025-03-14", "from", "from must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z." },
        { "from=2025-03-14T10:30:00%2B01:00", "from", "from must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z." },
        { "from=", "from", "from must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z." },
        { "to=2025-02-30T00:00:00Z", "to", "to must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z." },
        { "to=yesterday", "to", "to must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z." },
        { "from=2025-03-14T09:00:00Z&to=2025-03-14T09:00:00Z", "to", "to must lie after from (from is inclusive, to exclusive)." },
        { "from=2025-03-14T09:00:00Z&to=2025-03-13T09:00:00Z", "to", "to must lie after from (from is inclusive, to exclusive)." },
        { "action=agreement", "action", "action must be entity.pastParticiple in snake_case (at most 64 characters), e.g. agreement.extended." },
        { "action=Agreement.Created", "action", "action must be entity.pastParticiple in snake_case (at most 64 characters), e.g. agreement.extended." },
        { "action=" + new string('a', 60) + ".created", "action", "action must be entity.pastParticiple in snake_case (at most 64 characters), e.g. agreement.extended." },
        { "entity=api-key", "entity", "entity must be an entity name in snake_case (a-z and _, at most 64 characters), e.g. agreement or api_key." },
        { "entity=Payout", "entity", "entity must be an entity name in snake_case (a-z and _, at most 64 characters), e.g. agreement or api_key." },
        { "entityId=5", "entityId", "entityId needs entity: an id is only unique within its entity." },
    };

    [Theory]
    [MemberData(nameof(BadFilters))]
    public async Task A_malformed_filter_is_a_400_naming_the_field_and_its_format(string query, string field, string message)
    {
        var problem = await (await api.Finance().GetAsync("/v1/audit?" + query)).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal([message], problem["errors"]![field]!.AsArray().Select(m => (string?)m));
    }

    [Fact]
    public async Task Every_malformed_filter_is_named_at_once()
    {
        var problem = await (await api.Finance().GetAsync("/v1/audit?from=x&to=y&action=z&entity=Q&entityId=1")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["action", "entity", "from", "to"], problem.ErrorFields());
    }
}
