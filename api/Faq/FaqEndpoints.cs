using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Website;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Faq;

/// <summary>The website's Q&amp;A module: the public reads published entries; coordinators write.</summary>
public static class FaqEndpoints
{
    private const string Columns = """
        id AS Id, question AS Question, answer AS Answer, category AS Category, position AS Position, lang AS Lang,
        published AS Published, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    /// <summary>The Q&amp;A is a page, not a list to page through: the public read answers at most this many entries.</summary>
    public const int MaxPublic = 500;

    public static RouteGroupBuilder MapFaq(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/faq").WithTags("Q&A");

        group.MapGet("/", List).WithName("ListFaq").Public().Cacheable(300)
            .WithSummary("Published questions and answers (public)")
            .WithDescription($"Anonymous, CORS for the configured origins, rate limited per client. Published entries of one language " +
                $"(lang, default nl), optionally of one category, ordered by category and position; at most {MaxPublic}. Carries an ETag " +
                "and Cache-Control: public, max-age=300; If-None-Match with the ETag answers 304 without a body.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPost("/", Create).WithName("CreateFaqEntry").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Add a question and answer")
            .WithDescription("Unpublished unless published is true. Audited as faq_entry.created.")
            .Produces<FaqEntryResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetFaqEntry").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Get a question and answer, published or not")
            .WithDescription("Carries an ETag for PUT and DELETE.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:long}", Replace).WithName("ReplaceFaqEntry").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Replace a question and answer")
            .WithDescription("Takes what GET returns (id, if sent, must be this one; createdAt and updatedAt are ignored). Needs If-Match. " +
                "Audited as faq_entry.changed with the changed fields.")
            .ProducesPatchProblems();
        group.MapDelete("/{id:long}", Delete).WithName("DeleteFaqEntry").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Delete a question and answer")
            .WithDescription("Needs If-Match. Audited as faq_entry.deleted.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public required string Question { get; set; }
        public required string Answer { get; set; }
        public required string Category { get; set; }
        public int Position { get; set; }
        public FaqLanguage Lang { get; set; }
        public bool Published { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public Dictionary<string, object?> Audited() => new(StringComparer.Ordinal)
        {
            ["question"] = Question, ["answer"] = Answer, ["category"] = Category, ["position"] = Position, ["lang"] = Lang, ["published"] = Published,
        };

        public FaqEntryResponse ToResponse() => this.Adapt<FaqEntryResponse>(Mappings.Config);
    }

    public sealed record ListQuery(
        [FromQuery(Name = "category")] string? Category,
        [FromQuery(Name = "lang"), EnumQuery(typeof(FaqLanguage))] string? Lang);

    /// <summary>Served by the partial index of published entries (lang, category, position, id): no sort, no scan.</summary>
    internal static string PublicSql(bool byCategory, SqlDialect dialect) =>
        $"SELECT {Columns} FROM faq_entries WHERE published = 1 AND lang = @lang{(byCategory ? " AND category = @category" : "")} " +
        $"ORDER BY lang, category, position, id {dialect.Limit("@take")}";

    private static async Task<Results<Ok<FaqList>, StatusCodeHttpResult>> List([AsParameters] ListQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var lang = EnumQuery.Parse<FaqLanguage>(query.Lang, "lang") ?? FaqLanguage.Nl;
        new Checks().Require(query.Category is null or { Length: > 0 and <= 100 }, "category", "category is 1 to 100 characters.").ThrowIfAny();
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            PublicSql(query.Category is not null, db.Dialect), new { lang, category = query.Category, take = MaxPublic }, cancellationToken: token))).AsList(), ct);
        var list = new FaqList(rows.Select(r => new PublicFaqEntry(r.Id, r.Question, r.Answer, r.Category, r.Position, r.Lang)).ToList());
        return PublicETag.Answer(http, list);
    }

    private static void Check(FaqEntryRequest request) => new Checks()
        .NotBlank(request.Question, "question")
        .NotBlank(request.Answer, "answer")
        .NotBlank(request.Category, "category")
        .ThrowIfAny();

    private static async Task<Created<FaqEntryResponse>> Create(FaqEntryRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        Check(request);
        new Checks().Require(request.Id is null, "id", "The service assigns the id; leave it out.").ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var caller = Caller.From(http.User);
        var row = new Row
        {
            Question = request.Question.Trim(), Answer = request.Answer.Trim(), Category = request.Category.Trim(), Position = request.Position,
            Lang = request.Lang, Published = request.Published, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO faq_entries (question, answer, category, position, lang, published, created_at, updated_at, version) " +
                "VALUES (@Question, @Answer, @Category, @Position, @Lang, @Published, @CreatedAt, @UpdatedAt, 1);" + db.Dialect.SelectInsertedId,
                row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "faq_entry.created", "faq_entry", id, AuditSummary.Created(row.Audited()), now, token);
            return id;
        }, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/faq/{id}", new Row
        {
            Id = id, Question = row.Question, Answer = row.Answer, Category = row.Category, Position = row.Position, Lang = row.Lang,
            Published = row.Published, CreatedAt = now, UpdatedAt = now, Version = 1,
        }.ToResponse());
    }

    private static Task<Row?> Find(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, SqlDialect dialect, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "faq_entries" : dialect.Locked("faq_entries"))} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    private static async Task<Ok<FaqEntryResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => Find(c, null, db.Dialect, id, token), ct) ?? throw ApiProblemException.NotFound("Q&A entry");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Ok<FaqEntryResponse>> Replace(long id, FaqEntryRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        Check(request);
        new Checks().Require(request.Id is null || request.Id == id, "id", "The id in the body must be the one in the path.").ThrowIfAny();
        var caller = Caller.From(http.User);
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("Q&A entry");
            ETags.Require(http, row.Version);
            var before = row.Audited();
            (row.Question, row.Answer, row.Category) = (request.Question.Trim(), request.Answer.Trim(), request.Category.Trim());
            (row.Position, row.Lang, row.Published) = (request.Position, request.Lang, request.Published);
            row.UpdatedAt = clock.GetCurrentInstant();
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE faq_entries SET question = @Question, answer = @Answer, category = @Category, position = @Position, lang = @Lang, " +
                "published = @Published, updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version",
                row, tx, cancellationToken: token)));
            if (AuditSummary.Changed(before, row.Audited()) is { } change)
            {
                await AuditTrail.WriteAsync(c, tx, caller, "faq_entry.changed", "faq_entry", id, change, row.UpdatedAt, token);
            }
            row.Version++;
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<NoContent> Delete(long id, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("Q&A entry");
            ETags.Require(http, row.Version);
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "DELETE FROM faq_entries WHERE id = @Id AND version = @Version", row, tx, cancellationToken: token)));
            await AuditTrail.WriteAsync(c, tx, caller, "faq_entry.deleted", "faq_entry", id, new { before = row.Audited() }, clock.GetCurrentInstant(), token);
            return 0;
        }, ct);
        return TypedResults.NoContent();
    }
}
