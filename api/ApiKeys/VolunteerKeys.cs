using System.Data.Common;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using Dapper;

namespace Burgerbaan.Api.ApiKeys;

/// <summary>
/// Keys bound to one volunteer (role volunteer, self-service under /v1/me). Coordinators hand these out, so they may
/// create them, and only them: a coordinator key that could create an admin or finance key would be an admin key.
/// </summary>
internal static class VolunteerKeys
{
    /// <summary>403 before anything else is looked at, so a coordinator learns nothing from validation of a key it may not make.</summary>
    public static void Authorise(CreateApiKeyRequest request, Caller caller)
    {
        if (caller.Role != ApiRole.Admin && request.Role != ApiRole.Volunteer)
        {
            throw ApiProblemException.Forbidden("A coordinator key creates volunteer keys only; other keys are created with an admin key.");
        }
    }

    public static Checks VolunteerBinding(this Checks checks, CreateApiKeyRequest request) => checks
        .Require(request.Role != ApiRole.Volunteer || request.VolunteerId is not null, "volunteerId", "A volunteer key needs a volunteerId.")
        .Require(request.Role == ApiRole.Volunteer || request.VolunteerId is null, "volunteerId", "Only a volunteer key is bound to a volunteer.");

    /// <summary>The volunteer exists and is active: a key for a deactivated volunteer would not work, so it is not made.</summary>
    public static async Task EnsureVolunteerAsync(DbConnection c, DbTransaction tx, long? volunteerId, CancellationToken ct)
    {
        if (volunteerId is not { } id)
        {
            return;
        }
        var active = await c.ExecuteScalarAsync<bool?>(new CommandDefinition("SELECT active FROM volunteers WHERE id = @id", new { id }, tx, cancellationToken: ct));
        new Checks()
            .Require(active is not null, "volunteerId", "No volunteer with that id.")
            .Require(active is not false, "volunteerId", "The volunteer is deactivated; reactivate them first.")
            .ThrowIfAny();
    }
}
