using System.Net;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The CSV forms (issue 10) answer each caller exactly as their JSON rows of the matrix say, asked with <c>Accept: text/csv</c>: the same
/// policy and tenancy, a refusal still a problem document. The other organisation's partner asks for the seeded organisation's hours and
/// gets the header alone.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private static readonly string[] CsvForms =
        ["GET /v1/payouts", "GET /v1/payout-runs", "GET /v1/hours/per-organisation", "GET /v1/allowance/yearly-totals"];

    public static TheoryData<string, Who, Outcome> CsvCells()
    {
        var data = new TheoryData<string, Who, Outcome>();
        foreach (var rule in Matrix.Where(r => CsvForms.Contains(r.Endpoint)))
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(rule.Endpoint, who, rule.For(who));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CsvCells))]
    public async Task The_csv_form_answers_each_caller_as_its_json_row_says(string endpoint, Who caller, Outcome expected)
    {
        var request = (await MatrixProbes.For(world, endpoint)).ToRequest();
        request.Headers.Accept.ParseAdd("text/csv");

        using var response = await world.ClientFor(caller).SendAsync(request);

        switch (expected)
        {
            case Outcome.Allowed:
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{endpoint} as {caller}: expected 200, got {(int)response.StatusCode}: {text}");
                Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
                if (caller == Who.OtherPartner)
                {
                    Assert.Single(text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));
                }
                break;
            case Outcome.Unauthorized:
                await response.Problem(HttpStatusCode.Unauthorized, "unauthorized");
                break;
            case Outcome.Forbidden:
                await response.Problem(HttpStatusCode.Forbidden, "forbidden");
                break;
            default:
                Assert.Fail($"{expected} is not a cell of a CSV form");
                break;
        }
    }

    [Fact]
    public void Every_csv_form_is_a_row_of_the_matrix() => Assert.All(CsvForms, f => Assert.Contains(Matrix, r => r.Endpoint == f));
}
