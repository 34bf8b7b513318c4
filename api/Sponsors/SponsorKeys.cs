using System.Data.Common;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Dapper;

namespace Burgerbaan.Api.Sponsors;

/// <summary>What binds a key to a sponsor, and how a sponsor key's reads are narrowed.</summary>
public static class SponsorKeys
{
    /// <summary>
    /// A sponsor key is only made for a sponsor that exists and is active: a key for a deactivated sponsor would be
    /// handed out while it cannot work (the authentication handler refuses it), which reads as a bug to whoever got it.
    /// </summary>
    public static async Task RequireActiveSponsor(DbConnection c, DbTransaction tx, long? sponsorId, CancellationToken ct)
    {
        if (sponsorId is not { } id)
        {
            return;
        }
        var active = await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
            "SELECT active FROM sponsors WHERE id = @id", new { id }, tx, cancellationToken: ct));
        new Checks()
            .Require(active is not null, "sponsorId", "No sponsor with that id.")
            .Require(active is not false, "sponsorId", "The sponsor is deactivated; reactivate it before making a key for it.")
            .ThrowIfAny();
    }

    /// <summary>A sponsor key sees its own sponsor only; any other id is answered as if it did not exist.</summary>
    public static void RequireVisible(Caller caller, long sponsorId, string what)
    {
        if (caller.IsSponsor && caller.SponsorId != sponsorId)
        {
            throw ApiProblemException.NotFound(what);
        }
    }
}
