using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Http;

/// <summary>
/// An If-Match that is not an ETag (unquoted, half-quoted, empty) is the client's mistake: a 400 that says an ETag is
/// quoted, never the 412 "changed since you read it" that would send the client into a pointless re-read loop.
/// </summary>
public sealed class IfMatchTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    public static TheoryData<string> NotEtags() => ["1", "\"1", "1\"", "W/1", "\"1\" \"2\""];

    [Theory]
    [MemberData(nameof(NotEtags))]
    public async Task Organisation_patch_with_an_unquoted_etag_is_refused_and_changes_nothing(string ifMatch)
    {
        var organisation = await api.Organisation();

        await Refused(await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "Changed"), ifMatch));

        var read = await api.Admin().GetAsync($"/v1/organisations/{organisation.Id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(organisation, await read.Read<OrganisationResponse>());
    }

    [Fact]
    public async Task Volunteer_patch_with_an_unquoted_etag_is_refused_and_changes_nothing()
    {
        var volunteer = await api.Volunteer();

        await Refused(await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Phone: "0687654321"), "1"));

        var read = await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(volunteer, await read.Read<VolunteerResponse>());
    }

    [Fact]
    public async Task Placement_patch_with_an_unquoted_etag_is_refused_and_changes_nothing()
    {
        var placement = await api.Placement((await api.Volunteer()).Id, (await api.Organisation()).Id);

        await Refused(await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(HoursPerWeek: 4), "1"));

        var read = await api.Admin().GetAsync($"/v1/placements/{placement.Id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(placement, await read.Read<PlacementResponse>());
    }

    [Fact]
    public async Task Agreement_extension_with_an_unquoted_etag_is_refused_and_changes_nothing()
    {
        var volunteer = await api.Volunteer();
        var agreement = await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/volunteers/{volunteer.Id}/agreements/{agreement.Id}/extend")
        {
            Content = JsonContent.Create(new ExtendAgreementRequest(12), options: BurgerbaanApiFactory.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "1");

        await Refused(await api.Admin().SendAsync(request));

        var read = await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}/agreements/{agreement.Id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(agreement, await read.Read<AgreementResponse>());
    }

    [Fact]
    public async Task Payout_approval_with_an_unquoted_etag_is_refused_and_changes_nothing()
    {
        var enrolled = await api.Enrol();
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 3));

        await Refused(await api.Finance().Act(payout.Id, "approve", ifMatch: "1"));

        var read = await api.Finance().GetAsync($"/v1/payouts/{payout.Id}");
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        Assert.Equal(payout, await read.Read<PayoutResponse>());
    }

    [Theory]
    [InlineData("\"1\"")]
    [InlineData("*")]
    [InlineData("\"7\", \"1\"")]
    public async Task A_quoted_current_etag_star_or_a_list_naming_it_is_accepted(string ifMatch)
    {
        var organisation = await api.Organisation();

        var changed = await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "Changed"), ifMatch))
            .Read<OrganisationResponse>();

        var read = await api.Admin().GetAsync($"/v1/organisations/{organisation.Id}");
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        Assert.Equal(changed, await read.Read<OrganisationResponse>());
        Assert.Equal("Changed", changed.Name);
    }

    [Fact]
    public async Task A_weak_etag_never_matches_an_update()
    {
        var organisation = await api.Organisation();

        var problem = await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "Changed"), "W/\"1\""))
            .Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal("The resource changed since you read it; read it again and reapply your change.", (string?)problem["detail"]);
        Assert.Equal(organisation, await (await api.Admin().GetAsync($"/v1/organisations/{organisation.Id}")).Read<OrganisationResponse>());
    }

    private static async Task Refused(HttpResponseMessage response)
    {
        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["If-Match"], problem.ErrorFields());
        Assert.Equal("If-Match must be * or ETags as the ETag header sends them, quoted: If-Match: \"3\".", (string?)problem["errors"]!["If-Match"]![0]);
    }
}
