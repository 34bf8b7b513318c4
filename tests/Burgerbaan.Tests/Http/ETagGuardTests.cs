using Burgerbaan.Api.Common;
using Microsoft.AspNetCore.Http;

namespace Burgerbaan.Tests.Http;

/// <summary>
/// The helpers every versioned update goes through. The 0-row guard cannot be reached over HTTP while the read
/// holds the row lock, so it is pinned here.
/// </summary>
public sealed class ETagGuardTests
{
    [Fact]
    public void A_versioned_update_that_matched_no_row_is_precondition_failed()
    {
        var refusal = Assert.Throws<ApiProblemException>(() => ETags.RequireUpdated(0));

        Assert.Equal(StatusCodes.Status412PreconditionFailed, refusal.Status);
        Assert.Equal(ProblemCodes.PreconditionFailed, refusal.Code);
        Assert.Equal("The resource changed since you read it; read it again and reapply your change.", refusal.Message);
    }

    [Fact]
    public void A_versioned_update_that_matched_its_row_passes()
    {
        ETags.RequireUpdated(1);
    }

    [Theory]
    [InlineData(null, 428)]
    [InlineData("\"3\"", 0)]
    [InlineData("*", 0)]
    [InlineData("\"2\", \"3\"", 0)]
    [InlineData("\"2\"", 412)]
    [InlineData("W/\"3\"", 412)]
    [InlineData("3", 400)]
    [InlineData("\"3", 400)]
    [InlineData("", 400)]
    [InlineData("\"3\", 4", 400)]
    public void If_match_decides_between_pass_400_412_and_428(string? ifMatch, int expected)
    {
        var http = new DefaultHttpContext();
        if (ifMatch is not null)
        {
            http.Request.Headers.IfMatch = ifMatch;
        }

        var refusal = Record.Exception(() => ETags.Require(http, 3));

        Assert.Equal(expected, refusal is ApiProblemException p ? p.Status : refusal is null ? 0 : -1);
    }
}
