using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>Sponsors of places. Finance and admin write, coordinators read, a sponsor key reads its own sponsor only.</summary>
public static class SponsorEndpoints
{
    private const string Columns = """
        id AS Id, name AS Name, kind AS Kind, kvk_number AS KvkNumber, contact_name AS ContactName, contact_email AS ContactEmail,
        contact_phone AS ContactPhone, active AS Active, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public static RouteGroupBuilder MapSponsors(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sponsors").WithTags("Sponsors");

        group.MapPost("/", Create).WithName("CreateSponsor").RequireAuthorization(Policies.Finance)
            .WithSummary("Register a sponsor")
            .WithDescription("Registers a company, care organisation, municipality or fund that sponsors places. A KvK number that another " +
                "sponsor already has is refused with 409 possible_duplicate naming existingIds. Audited as sponsor.created.")
            .Produces<SponsorResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListSponsors").RequireAuthorization(Policies.RegistryOrSponsor)
            .WithSummary("List sponsors")
            .WithDescription("Oldest first. A sponsor key sees only its own sponsor.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetSponsor").RequireAuthorization(Policies.RegistryOrSponsor)
            .WithSummary("Get a sponsor")
            .WithDescription("Carries an ETag for updates. A sponsor key gets 404 for any sponsor but its own.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", Update).WithName("UpdateSponsor").RequireAuthorization(Policies.Finance)
            .WithSummary("Update a sponsor")
            .WithDescription("Changes the given fields; needs If-Match with the current ETag. Send active: false to deactivate: the sponsor's " +
                "keys stop working at once and new sponsorships for it are refused. Audited as sponsor.changed, sponsor.deactivated or " +
                "sponsor.reactivated with the changed fields before and after.")
            .ProducesPatchProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public required string Name { get; set; }
        public SponsorKind Kind { get; set; }
        public string? KvkNumber { get; set; }
        public required string ContactName { get; set; }
        public string? ContactEmail { get; set; }
        public string? ContactPhone { get; set; }
        public bool Active { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public Dictionary<string, object?> Audited() => new(StringComparer.Ordinal)
        {
            ["name"] = Name, ["kind"] = Kind, ["kvkNumber"] = KvkNumber, ["contactName"] = ContactName,
            ["contactEmail"] = ContactEmail, ["contactPhone"] = ContactPhone, ["active"] = Active,
        };

        public SponsorResponse ToResponse() => this.Adapt<SponsorResponse>(Mappings.Config);
    }

    /// <summary>One KvK number is one legal entity, so one sponsor; locked like the organisations' check against a racing twin.</summary>
    private static async Task RefuseSameKvk(DbConnection c, DbTransaction tx, SqlDialect d, long? self, string? kvkNumber, CancellationToken ct)
    {
        if (kvkNumber is null)
        {
            return;
        }
        var existing = (await c.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM {d.Locked("sponsors")} WHERE kvk_number = @kvkNumber", new { kvkNumber }, tx, cancellationToken: ct)))
            .Where(id => id != self).Order().ToList();
        if (existing.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, VolunteerDuplicates.PossibleDuplicate, "Possible duplicate",
                $"Sponsor {string.Join(", ", existing)} already has KvK number {kvkNumber}.",
                new Dictionary<string, object?>
                {
                    ["existingIds"] = existing,
                    ["matchedOn"] = new Dictionary<string, IReadOnlyList<long>> { ["kvkNumber"] = existing },
                });
        }
    }

    private static async Task<Created<SponsorResponse>> Create(CreateSponsorRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        new Checks()
            .NotBlank(request.Name, "name")
            .NotBlank(request.Contact.Name, "contact.name")
            .Require(request.KvkNumber is not "", "kvkNumber", "kvkNumber must be exactly 8 digits.")
            .ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var row = new Row
        {
            Name = request.Name.Trim(), Kind = request.Kind, KvkNumber = request.KvkNumber, ContactName = request.Contact.Name.Trim(),
            ContactEmail = Patch.Text(request.Contact.Email, null), ContactPhone = Patch.Text(request.Contact.Phone, null),
            Active = true, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        var caller = Caller.From(http.User);
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            await RefuseSameKvk(c, tx, db.Dialect, null, row.KvkNumber, token);
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO sponsors (name, kind, kvk_number, contact_name, contact_email, contact_phone, active, created_at, updated_at, version) " +
                "VALUES (@Name, @Kind, @KvkNumber, @ContactName, @ContactEmail, @ContactPhone, @Active, @CreatedAt, @UpdatedAt, @Version);" +
                db.Dialect.SelectInsertedId, row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "sponsor.created", "sponsor", id, new { after = row.Audited() }, now, token);
            return id;
        }, ct);
        var created = await Read(db, id, ct);
        ETags.Set(http, created.Version);
        return TypedResults.Created($"/v1/sponsors/{id}", created.ToResponse());
    }

    private static async Task<Row> Read(Db db, long id, CancellationToken ct) =>
        await db.ReadAsync((c, token) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sponsors WHERE id = @id", new { id }, cancellationToken: token)), ct)
        ?? throw ApiProblemException.NotFound("sponsor");

    private static async Task<Ok<Page<SponsorResponse>>> List([AsParameters] PageQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var caller = Caller.From(http.User);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(caller.IsSponsor, db.Dialect), new { after, sponsor = caller.SponsorId, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>A sponsor key lists its own sponsor only: the primary key serves both (see <see cref="KeysetPage"/>).</summary>
    internal static string ListSql(bool sponsor, SqlDialect dialect) =>
        new KeysetPage().When(sponsor, "id = @sponsor").Sql($"SELECT {Columns} FROM sponsors", dialect);

    private static async Task<Ok<SponsorResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        SponsorKeys.RequireVisible(Caller.From(http.User), id, "sponsor");
        var row = await Read(db, id, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Ok<SponsorResponse>> Update(long id, UpdateSponsorRequest request, HttpContext http, Db db, IClock clock,
        ApiKeyCache keys, CancellationToken ct)
    {
        new Checks()
            .NotBlank(request.Name, "name")
            .NotBlank(request.Contact?.Name, "contact.name")
            .Require(string.IsNullOrEmpty(request.Contact?.Email) || Emails.IsValid(request.Contact.Email), "contact.email", "Not a valid e-mail address.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        var (row, deactivated) = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM {db.Dialect.Locked("sponsors")} WHERE id = @id", new { id }, tx, cancellationToken: token))
                ?? throw ApiProblemException.NotFound("sponsor");
            ETags.Require(http, row.Version);
            var before = row.Audited();
            row.Name = request.Name?.Trim() ?? row.Name;
            row.Kind = request.Kind ?? row.Kind;
            row.KvkNumber = Patch.Text(request.KvkNumber, row.KvkNumber);
            row.ContactName = request.Contact?.Name?.Trim() ?? row.ContactName;
            row.ContactEmail = Patch.Text(request.Contact?.Email, row.ContactEmail);
            row.ContactPhone = Patch.Text(request.Contact?.Phone, row.ContactPhone);
            row.Active = request.Active ?? row.Active;
            row.UpdatedAt = clock.GetCurrentInstant();
            if (row.KvkNumber != (string?)before["kvkNumber"])
            {
                await RefuseSameKvk(c, tx, db.Dialect, id, row.KvkNumber, token);
            }
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sponsors SET name = @Name, kind = @Kind, kvk_number = @KvkNumber, contact_name = @ContactName, " +
                "contact_email = @ContactEmail, contact_phone = @ContactPhone, active = @Active, updated_at = @UpdatedAt, version = version + 1 " +
                "WHERE id = @Id AND version = @Version", row, tx, cancellationToken: token)));
            if (AuditSummary.Changed(before, row.Audited()) is { } change)
            {
                await AuditTrail.WriteAsync(c, tx, caller, AuditSummary.ChangeAction("sponsor", change), "sponsor", id, change, row.UpdatedAt, token);
            }
            row.Version++;
            return (row, deactivated: before["active"] is true && !row.Active);
        }, ct);
        if (deactivated)
        {
            // Its keys stop now in this process; other instances stop them when their cache entries expire.
            keys.Clear();
        }
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
