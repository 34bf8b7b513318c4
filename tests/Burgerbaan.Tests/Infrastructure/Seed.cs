using System.Globalization;
using System.Net;
using System.Numerics;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Tests.Infrastructure;

/// <summary>Creates registry data through the API, as a coordinator would.</summary>
public static class Seed
{
    public const string ValidIban = "NL91ABNA0417164300";

    private static long _serial;

    /// <summary>A KvK number no other seeded organisation has (one KvK number is one organisation).</summary>
    public static string NextKvkNumber() => (20000000 + Interlocked.Increment(ref _serial)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A valid Dutch IBAN no other seeded volunteer has (a shared IBAN is a possible duplicate).</summary>
    public static string NextIban() => DutchIban(Interlocked.Increment(ref _serial));

    /// <summary>NLkk ABNA + ten digits, with the ISO 13616 check digits (98 - mod 97 of the rearranged number).</summary>
    public static string DutchIban(long account)
    {
        var bban = "ABNA" + account.ToString("D10", CultureInfo.InvariantCulture);
        var digits = string.Concat((bban + "NL00").Select(c => char.IsAsciiDigit(c) ? c.ToString() : (c - 'A' + 10).ToString(CultureInfo.InvariantCulture)));
        var check = 98 - (int)(BigInteger.Parse(digits, CultureInfo.InvariantCulture) % 97);
        return $"NL{check:D2}{bban}";
    }

    public static async Task<OrganisationResponse> Organisation(this BurgerbaanApiFactory api, string name = "Humanitas Almere", OrganisationKind kind = OrganisationKind.Nonprofit) =>
        await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest(name, kind, NextKvkNumber(), "info@example.org")))
            .Read<OrganisationResponse>(HttpStatusCode.Created);

    /// <summary>
    /// A volunteer with an IBAN of its own and, unless <paramref name="born"/> is given, a date of birth of its own
    /// (well over 21 in every year the tests pay in). Tests that give the date seed many "Anna de Jong"s born on one
    /// day; they are different people, so a 409 possible_duplicate is answered as a coordinator would: the same
    /// request confirming the ids.
    /// </summary>
    public static async Task<VolunteerResponse> Volunteer(this BurgerbaanApiFactory api, string first = "Anna", string last = "de Jong", LocalDate? born = null)
    {
        var birth = born ?? new LocalDate(1960, 1, 1).PlusDays((int)(Interlocked.Increment(ref _serial) % 9000));
        var request = new CreateVolunteerRequest(first, last, birth, "anna@example.org", "0612345678", NextIban());
        var response = await api.Admin().PostJson("/v1/volunteers", request);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            var existing = (await response.Problem(HttpStatusCode.Conflict, "possible_duplicate"))["existingIds"]!.AsArray().Select(id => (long)id!).ToList();
            response = await api.Admin().PostJson("/v1/volunteers", request with { ConfirmDistinctFrom = existing });
        }
        return await response.Read<VolunteerResponse>(HttpStatusCode.Created);
    }

    public static async Task<AgreementResponse> Agreement(this BurgerbaanApiFactory api, long volunteerId, LocalDate start, LocalDate end, long? rate = null, long? budget = null) =>
        await (await api.Admin().PostJson($"/v1/volunteers/{volunteerId}/agreements", new CreateAgreementRequest(start, end, rate, budget)))
            .Read<AgreementResponse>(HttpStatusCode.Created);

    public static async Task<PlacementResponse> Placement(this BurgerbaanApiFactory api, long volunteerId, long organisationId, string activity = "Buurthuis gastvrouw") =>
        await (await api.Admin().PostJson("/v1/placements", new CreatePlacementRequest(volunteerId, organisationId, new LocalDate(2025, 1, 1), activity)))
            .Read<PlacementResponse>(HttpStatusCode.Created);
}
