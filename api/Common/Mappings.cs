using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.ApiKeys;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Hours;
using Burgerbaan.Api.SelfService;
using Burgerbaan.Api.Organisations;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Mapster;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Every row -> contract mapping, registered once. Strict: a contract member without a source of the same name
/// (or an explicit <c>Map</c> below) fails <c>Config.Compile()</c>, which a test calls, instead
/// of being left at its default; a pair not registered here cannot be mapped at all.
/// </summary>
internal static class Mappings
{
    public static readonly TypeAdapterConfig Config = Create();

    private static TypeAdapterConfig Create()
    {
        var config = new TypeAdapterConfig { RequireDestinationMemberSource = true, RequireExplicitMapping = true };
        // Strings, enums and the NodaTime values are immutable: same-type members are copied, not rebuilt member by member.
        config.Default.ShallowCopyForSameType(true);
        config.NewConfig<AgreementEndpoints.Row, AgreementResponse>();
        config.NewConfig<LimitsSql.LimitsRow, AllowanceLimitsResponse>();
        config.NewConfig<ApiKeyEndpoints.Row, ApiKeyResponse>();
        config.NewConfig<AuditEndpoints.Row, AuditEntryResponse>()
            .Map(d => d.Summary, s => ParseSummary(s.Summary));
        config.NewConfig<HourSql.Row, HourEntryResponse>()
            // Paid is not a stored status: an approved entry is paid while a payout that counts pays for it.
            .Map(d => d.Status, s => s.Paid == 1 ? HourStatus.Paid : s.Status);
        config.NewConfig<OrganisationEndpoints.Row, OrganisationResponse>();
        config.NewConfig<PayoutSql.Row, PayoutResponse>();
        config.NewConfig<RunStore.LineRow, PayoutRunLine>();
        config.NewConfig<PlacementEndpoints.Row, PlacementResponse>()
            // Next to a placement a volunteer is a first name and a surname initial, never the full surname.
            .Map(d => d.Volunteer, s => VolunteerRefs.Of(s.VolunteerId, s.FirstName, s.LastName));
        // The derived reference above is already the contract's (immutable) record: taken as it is.
        config.NewConfig<VolunteerRef, VolunteerRef>().MapWith(r => r);
        config.NewConfig<VolunteerEndpoints.Row, VolunteerResponse>();

        // Self-service (/v1/me): the volunteer's own view of their record, placements and sponsor consents.
        config.NewConfig<VolunteerEndpoints.Row, MeResponse>();
        config.NewConfig<VolunteerPlacements.Row, MyPlacementResponse>();
        config.NewConfig<SponsorConsents.Row, SponsorConsentResponse>();
        // Sponsors (issue 8): the contact and the consent are nested in the contract, flat in the row.
        config.NewConfig<SponsorEndpoints.Row, SponsorResponse>()
            .Map(d => d.Contact, s => new SponsorContact(s.ContactName, s.ContactEmail, s.ContactPhone));
        config.NewConfig<SponsorContact, SponsorContact>().MapWith(r => r);
        config.NewConfig<ObligationEndpoints.Row, ObligationResponse>();
        config.NewConfig<SponsorshipEndpoints.Row, SponsorshipResponse>();
        config.NewConfig<AllocationEndpoints.Row, AllocationResponse>()
            .Map(d => d.Consent, s => AllocationEndpoints.Consent(s));
        config.NewConfig<ConsentResponse, ConsentResponse>().MapWith(r => r);
        // Issue 9: the website's resources. Lists are stored as JSON arrays.
        config.NewConfig<Applications.ApplicationEndpoints.Row, ApplicationResponse>()
            .Map(d => d.Interests, s => Website.Tags.FromJson<string>(s.Interests))
            .Map(d => d.OpportunityIds, s => Website.Tags.FromJson<long>(s.OpportunityIds))
            .Map(d => d.Availability, s => Applications.ApplicationEndpoints.AvailabilityOf(s));
        config.NewConfig<Availability, Availability>().MapWith(a => a);
        config.NewConfig<Faq.FaqEndpoints.Row, FaqEntryResponse>();
        config.NewConfig<Opportunities.OpportunityEndpoints.Row, OpportunityResponse>()
            .Map(d => d.Tags, s => Website.Tags.FromJson<string>(s.Tags));
        config.NewConfig<Opportunities.OpportunityEndpoints.Row, PublicOpportunity>()
            .Map(d => d.Tags, s => Website.Tags.FromJson<string>(s.Tags));
        // Issue 10: allowances declared from other organisations.
        config.NewConfig<OutsideAllowances.OutsideAllowanceWrites.Row, OutsideAllowanceResponse>();
        return config;
    }

    private static JsonElement ParseSummary(string summary)
    {
        using var document = JsonDocument.Parse(summary);
        return document.RootElement.Clone();
    }
}
