using System.Diagnostics;
using System.Globalization;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Security;
using NodaTime;
using Xunit.Abstractions;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// Response conformance under fuzzing (issue 11): every operation of openapi.yaml gets its valid request (the authorisation
/// matrix's probe, against a world seeded with ids of every kind), sent by every caller, then path, query, header and body
/// mutations (<see cref="FuzzPlan"/>). Every answer must keep the contract (<see cref="ResponseChecker"/>): a documented
/// status, never a 5xx, a body of a documented media type that validates against its schema, a problem with a documented code.
/// The run is seeded (BURGERBAAN_FUZZ_SEED, default 11) and sequential, so a finding reproduces. BURGERBAAN_FUZZ_REQUESTS
/// (default 2,000) is the least number of requests: more rounds run, each with fresh targets and new draws, until it is reached;
/// BURGERBAAN_FUZZ_THOROUGH=1 sends every mutation value in every round instead of a draw (README, "Conformance fuzzing").
/// </summary>
public sealed class ConformanceFuzzTests(SecurityWorld world, ITestOutputHelper output) : IClassFixture<SecurityWorld>
{
    private static readonly string[] SeededIds =
    [
        "organisation", "otherOrganisation", "volunteer", "agreement", "placement", "otherPlacement", "payout", "payoutToPay", "hourEntry",
        "payoutRun", "sponsor", "otherSponsor", "obligation", "sponsorship", "allocation",
    ];

    [Fact]
    public async Task Every_operation_answers_within_its_contract_under_valid_boundary_and_mutated_requests()
    {
        var seed = Setting("BURGERBAAN_FUZZ_SEED", 11);
        var target = Setting("BURGERBAAN_FUZZ_REQUESTS", 2_000);
        var thorough = Environment.GetEnvironmentVariable("BURGERBAAN_FUZZ_THOROUGH") == "1";
        var checker = ResponseChecker.ForRepository();
        var pool = SeededIds.Select(name => world[name]).ToList();
        var findings = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (var round = 0; sent < target && round < 1_000; round++)
        {
            for (var index = 0; index < checker.Document.Operations.Count; index++)
            {
                var op = checker.Document.Operations[index];
                var probe = await ProbeFor(op);
                pool.AddRange(Ids(probe.Path));
                var rng = new Random(unchecked(seed * 1_000_003 + round * 7_919 + index));
                foreach (var fuzz in new FuzzPlan(checker.Document, op, probe, pool.Distinct().ToList(), rng, thorough, $"fuzz-{seed}-{round}-{index}-").Cases())
                {
                    using var request = fuzz.ToRequest();
                    using var response = await world.ClientFor(fuzz.Caller).SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    sent++;
                    if (sent % 500 == 0)
                    {
                        output.WriteLine($"{sent} requests, {clock.Elapsed.TotalSeconds:F1} s");
                    }
                    foreach (var finding in checker.Check(op, status, response.Content.Headers.ContentType?.MediaType, body))
                    {
                        findings.Add($"{op.Key}: {finding}\n    request: {fuzz}\n    answer: {status} {Shorten(body)}");
                    }
                }
            }
        }
        var summary = $"conformance fuzz: seed {seed}, {sent} requests over {checker.Document.Operations.Count} operations in {clock.Elapsed.TotalSeconds:F1} s, " +
            $"{findings.Count} findings; statuses {string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}"))}";
        output.WriteLine(summary);
        // Every finding, for reading after a red run (the assertion shows the first 25).
        var report = Path.Combine(RepositoryRoot.Path, "TestResults", "conformance-fuzz.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(report)!);
        await File.WriteAllLinesAsync(report, findings.Prepend(summary));

        Assert.True(sent >= target, $"only {sent} requests were sent; {summary}");
        Assert.True(findings.Count == 0, summary + "\n" + string.Join("\n", findings.Take(25)));
    }

    /// <summary>
    /// The matrix's probe, except where it acts on a resource the rest of the run needs: its mutations may deactivate
    /// the target, so the organisation's update gets one of its own; and the declarations its boundary values record
    /// (up to 100,000,000 cents) would take the seeded volunteer's year past its cap, so that the next round's seeded
    /// payouts are refused, so a declaration gets a volunteer of its own.
    /// </summary>
    private async Task<Probe> ProbeFor(Operation op)
    {
        switch (op.Key)
        {
            case "PATCH /v1/organisations/{id}":
                var organisation = await world.Organisation("Fuzz target " + Guid.NewGuid().ToString("n")[..8]);
                return new Probe(HttpMethod.Patch, $"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: organisation.Name + " bv"));
            case "POST /v1/volunteers/{volunteerId}/outside-allowances":
                var volunteer = await world.Volunteer("Fuzz", "Declarant");
                return new Probe(HttpMethod.Post, $"/v1/volunteers/{volunteer.Id}/outside-allowances",
                    new CreateOutsideAllowanceRequest(new YearMonth(2025, 9), 1, "Fuzz declaration", OutsideAllowanceKind.Gift));
            default:
                return await MatrixProbes.For(world, op.Key);
        }
    }

    private static IEnumerable<long> Ids(string path) =>
        path.Split('?')[0].Split('/').Where(s => s.Length is > 0 and < 18 && s.All(char.IsAsciiDigit)).Select(s => long.Parse(s, CultureInfo.InvariantCulture));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..400] + "...";
}
