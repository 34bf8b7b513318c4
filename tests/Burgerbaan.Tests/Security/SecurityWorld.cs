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
}

/// <summary>
/// A small registry seeded through the API: two organisations, a volunteer with an agreement, and a placement
/// at each organisation; plus a client per caller. Paths may name them as {organisation}, {otherOrganisation},
/// {volunteer}, {agreement}, {placement} and {otherPlacement}.
/// </summary>
public sealed class SecurityWorld : BurgerbaanApiFactory, IAsyncLifetime
{
    public OrganisationResponse Own { get; private set; } = null!;
    public OrganisationResponse Other { get; private set; } = null!;
    public VolunteerResponse Volunteer { get; private set; } = null!;
    public AgreementResponse Agreement { get; private set; } = null!;
    public PlacementResponse Placement { get; private set; } = null!;
    public PlacementResponse OtherPlacement { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Own = await this.Organisation("Humanitas Almere");
        Other = await this.Organisation("Zorgpraktijk Haven", OrganisationKind.Care);
        Volunteer = await this.Volunteer();
        Agreement = await this.Agreement(Volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        Placement = await this.Placement(Volunteer.Id, Own.Id);
        OtherPlacement = await this.Placement(Volunteer.Id, Other.Id, "Receptie");
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
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    /// <summary>Replaces the placeholders of a path (or SQL text) with the seeded ids.</summary>
    public string Resolve(string template) => template
        .Replace("{organisation}", Id(Own.Id), StringComparison.Ordinal)
        .Replace("{otherOrganisation}", Id(Other.Id), StringComparison.Ordinal)
        .Replace("{volunteer}", Id(Volunteer.Id), StringComparison.Ordinal)
        .Replace("{agreement}", Id(Agreement.Id), StringComparison.Ordinal)
        .Replace("{placement}", Id(Placement.Id), StringComparison.Ordinal)
        .Replace("{otherPlacement}", Id(OtherPlacement.Id), StringComparison.Ordinal);

    /// <summary>One value straight from the SQLite file, to check what a request did or did not write.</summary>
    public async Task<T?> Scalar<T>(string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(Resolve(sql), parameters);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
