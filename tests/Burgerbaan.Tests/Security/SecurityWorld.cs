using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Security;

/// <summary>The callers the authorisation matrix distinguishes.</summary>
public enum Who
{
    Anonymous,
    Admin,
    Finance,
    Coordinator,
    /// <summary>A partner key of the organisation that owns the seeded placement.</summary>
    Partner,
    /// <summary>A partner key of another organisation.</summary>
    OtherPartner,
    Website,
    /// <summary>A volunteer key (self-service) bound to the seeded volunteer.</summary>
    Volunteer,
    /// <summary>A sponsor key of the sponsor that owns the seeded obligation and sponsorship.</summary>
    Sponsor,
    /// <summary>A sponsor key of another sponsor.</summary>
    OtherSponsor,
}

/// <summary>
/// A small registry seeded through the API: two organisations, a volunteer with an agreement for 2025, a placement
/// at each organisation, and the money and hours the later endpoints act on; plus a client per caller.
/// Paths (and SQL text) may name the seeded ids as {organisation}, {otherOrganisation}, {volunteer}, {agreement},
/// {placement}, {otherPlacement}, {payout} (pending), {payoutToApprove}, {payoutToPay} (approved), {payoutToCancel},
/// {payoutToReject}, {payoutToBulkApprove}, {payoutToBulkCancel}, {payoutToBulkReject} (pending), {hourEntry}, {hourToApprove}, {hourToReject} (submitted),
/// {payoutRun}, {payoutToBatch} (approved, in no batch), {batchToPay} and {batchToVoid} (open payment batches).
/// </summary>
public sealed partial class SecurityWorld : BurgerbaanApiFactory, IAsyncLifetime
{
    /// <summary>A day every seeded placement covers, inside the window hours may be reported for (the clock says 2025-03-14).</summary>
    public static readonly LocalDate HourDay = new(2025, 3, 10);

    /// <summary>The month of the seeded payouts; the agreement covers it and 2025 has limits.</summary>
    public static readonly YearMonth PayoutMonth = new(2025, 3);

    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);

    public OrganisationResponse Own { get; private set; } = null!;
    public OrganisationResponse Other { get; private set; } = null!;
    public VolunteerResponse Volunteer { get; private set; } = null!;
    public AgreementResponse Agreement { get; private set; } = null!;
    public PlacementResponse Placement { get; private set; } = null!;
    public PlacementResponse OtherPlacement { get; private set; } = null!;

    // The security tests send hundreds of requests to the hours endpoints with one key; the rate limit has its own tests.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["RateLimiting:HoursPerMinute"] = "100000",
        ["RateLimiting:PublicPerMinute"] = "100000",
        // Issue 10: the account payment batches pay from.
        ["Finance:Debtor:Name"] = "Stadscooperatie Almere",
        ["Finance:Debtor:Iban"] = "NL91ABNA0417164300",
        ["Finance:Debtor:Bic"] = "ABNANL2A",
    };

    public async Task InitializeAsync()
    {
        Own = await this.Organisation("Humanitas Almere");
        Other = await this.Organisation("Zorgpraktijk Haven", OrganisationKind.Care);
        Volunteer = await this.Volunteer();
        Agreement = await this.Agreement(Volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        Placement = await this.Placement(Volunteer.Id, Own.Id);
        OtherPlacement = await this.Placement(Volunteer.Id, Other.Id, "Receptie");
        _ids["organisation"] = Own.Id;
        _ids["otherOrganisation"] = Other.Id;
        _ids["volunteer"] = Volunteer.Id;
        _ids["agreement"] = Agreement.Id;
        _ids["placement"] = Placement.Id;
        _ids["otherPlacement"] = OtherPlacement.Id;
        foreach (var name in new[] { "payout", "payoutToApprove", "payoutToPay", "payoutToCancel", "payoutToReject", "payoutToBulkApprove",
            "payoutToBulkCancel", "payoutToBulkReject" })
        {
            _ids[name] = await PendingPayout(name);
        }
        await Transition(_ids["payoutToPay"], "approve");
        foreach (var name in new[] { "hourEntry", "hourToApprove", "hourToReject" })
        {
            _ids[name] = await SubmittedHours(name);
        }
        var runner = await this.Volunteer("Rik", "Runner");
        await this.Agreement(runner.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), rate: 500);
        _runnerPlacement = await this.Placement(runner.Id, Own.Id, "Loopjongen");
        await ApprovedRunHour("seed run");
        _ids["payoutRun"] = (await (await Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(PayoutMonth)))
            .Read<PayoutRunResponse>(HttpStatusCode.Created)).Id!.Value;
        await SeedSponsors();
        await SeedPaymentBatches();
        // A year no payout counts in, for the PUT probes to replace (they send If-Match: *).
        (await Admin().PutAsJsonAsync("/v1/allowance-limits/2099", new PutAllowanceLimitsRequest(1_000_000, 21_000, 560, 330), Json))
            .EnsureSuccessStatusCode();
    }

    private PlacementResponse _runnerPlacement = null!;

    /// <summary>An approved minute of a volunteer whose agreement has an hourly rate, so the next run of <see cref="PayoutMonth"/> pays something.</summary>
    public async Task ApprovedRunHour(string externalId)
    {
        var id = (await (await Admin().PostJson("/v1/hours", new SubmitHoursRequest([new HourEntryInput(externalId, _runnerPlacement.Id, HourDay, 1)])))
            .Read<HourEntriesResponse>()).Items.Single().Id;
        (await Admin().PostAsync($"/v1/hours/{id}/approve", null)).EnsureSuccessStatusCode();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public HttpClient ClientFor(Who who) => who switch
    {
        Who.Anonymous => Anonymous(),
        Who.Admin => Admin(),
        Who.Finance => Client(ApiRole.Finance),
        Who.Coordinator => Client(ApiRole.Coordinator),
        Who.Partner => Client(ApiRole.Partner, Own.Id),
        Who.OtherPartner => Client(ApiRole.Partner, Other.Id),
        Who.Website => Client(ApiRole.Website),
        Who.Volunteer => VolunteerClient(),
        Who.Sponsor or Who.OtherSponsor => SponsorClient(who),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private HttpClient? _volunteer;

    /// <summary>The seeded volunteer's own key, made once, as a coordinator makes it.</summary>
    public HttpClient VolunteerClient()
    {
        if (_volunteer is null)
        {
            var created = Client(ApiRole.Coordinator).PostAsJsonAsync("/v1/api-keys",
                new CreateApiKeyRequest("test volunteer", ApiRole.Volunteer, VolunteerId: Volunteer.Id), Json).GetAwaiter().GetResult();
            created.EnsureSuccessStatusCode();
            _volunteer = WithKey(created.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(Json).GetAwaiter().GetResult()!.Key);
        }
        return _volunteer;
    }

    /// <summary>A seeded id by its placeholder name (without braces).</summary>
    public long this[string name] => _ids[name];

    /// <summary>Replaces the placeholders of a path (or SQL text) with the seeded ids.</summary>
    public string Resolve(string template)
    {
        foreach (var (name, id) in _ids)
        {
            template = template.Replace("{" + name + "}", Id(id), StringComparison.Ordinal);
        }
        return template;
    }

    private HttpClient? _clerk;

    /// <summary>
    /// The key that creates the seeded payouts: neither the admin nor the finance key of the matrix, so that four eyes
    /// (the creator may not approve) lets both approve; the four-eyes cells are in AuthorizationMatrixTests.FourEyes.cs.
    /// </summary>
    public HttpClient Clerk()
    {
        if (_clerk is null)
        {
            var created = Admin().PostAsJsonAsync("/v1/api-keys", new CreateApiKeyRequest("payout clerk", ApiRole.Finance), Json).GetAwaiter().GetResult();
            created.EnsureSuccessStatusCode();
            _clerk = WithKey(created.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(Json).GetAwaiter().GetResult()!.Key);
        }
        return _clerk;
    }

    /// <summary>A pending 1-cent travel payout for the seeded volunteer, described by <paramref name="description"/>, created by <see cref="Clerk"/>.</summary>
    public async Task<long> PendingPayout(string description) =>
        (await (await Clerk().PostJson("/v1/payouts", new CreatePayoutRequest(Volunteer.Id, PayoutKind.Travel, 1, PayoutMonth, description)))
            .Read<PayoutResponse>(HttpStatusCode.Created)).Id;

    public async Task Transition(long payoutId, string action) =>
        await (await Admin().PostJson($"/v1/payouts/{payoutId}/{action}", new PayoutActionRequest())).Read<PayoutResponse>();

    /// <summary>A submitted one-minute entry at the seeded placement; one minute each keeps the volunteer's day far below 24 hours.</summary>
    public async Task<long> SubmittedHours(string externalId) =>
        (await (await Admin().PostJson("/v1/hours", new SubmitHoursRequest([new HourEntryInput(externalId, Placement.Id, HourDay, 1)])))
            .Read<HourEntriesResponse>()).Items.Single().Id;

    /// <summary>One value straight from the SQLite file, to check what a request did or did not write.</summary>
    public async Task<T?> Scalar<T>(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(Resolve(sql), parameters);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
