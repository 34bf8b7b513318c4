using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Api;

public sealed class OrganisationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Created_organisation_can_be_read_back_with_location_and_etag()
    {
        var response = await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Zorgpraktijk Haven", OrganisationKind.Care, "87654321"));
        var created = await response.Read<OrganisationResponse>(HttpStatusCode.Created);

        Assert.Equal($"/v1/organisations/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var read = await (await api.Admin().GetAsync(response.Headers.Location)).Read<OrganisationResponse>();
        Assert.Equal(created, read);
        Assert.Equal(OrganisationKind.Care, read.Kind);
        Assert.True(read.Active);
        Assert.Equal(BurgerbaanApiFactory.Start, read.CreatedAt);
    }
}
