using BenchmarkDotNet.Attributes;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// The pure rules module on the figures a payout request brings: every case walks the rules a real
/// request walks (an accepted payout passes them all; the refusal is the last rule, the annual cap).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class AllowanceRulesBenchmarks
{
    // Instance fields, not static readonly ones, so the JIT cannot fold the inputs into constants.
    private Limits _limits = null!;
    private LocalDate _born;
    private AgreementTerms[] _agreements = null!;
    private WorkedMinutes[] _twentyEntries = null!;
    private Situation _typical = null!;
    private Situation _nearlyFull = null!;
    private Proposal _accepted = null!;
    private Proposal _overAnnualCap = null!;
    private Proposal _withHours = null!;

    [GlobalSetup]
    public void Setup()
    {
        _limits = new Limits(2025, 210_000, 21_000, 560, 330);
        _born = new LocalDate(2004, 3, 20);
        // A first agreement with a budget of its own, extended by a second one: both touch 2025.
        _agreements =
        [
            new(new LocalDate(2024, 7, 1), new LocalDate(2025, 6, 30), HourlyRateCents: 500, AnnualBudgetCents: 180_000),
            new(new LocalDate(2025, 7, 1), new LocalDate(2026, 6, 30), HourlyRateCents: null, AnnualBudgetCents: null),
        ];
        // Twenty shifts of three hours in March 2025, across the volunteer's 21st birthday (two hourly maxima).
        _twentyEntries = Enumerable.Range(1, 20).Select(day => new WorkedMinutes(new LocalDate(2025, 3, day), 180)).ToArray();
        _typical = new Situation(_born, _limits, _agreements, CountedYearCents: 40_000, CountedMonthCents: 5_000);
        // 50 cents left under the agreement's budget of 180,000: a payout of 100 is refused by the last rule.
        _nearlyFull = _typical with { CountedYearCents = 179_950 };
        _accepted = new Proposal(PayoutKind.Allowance, 10_000, new YearMonth(2025, 3), []);
        _overAnnualCap = new Proposal(PayoutKind.Allowance, 100, new YearMonth(2025, 3), []);
        _withHours = new Proposal(PayoutKind.Allowance, 15_000, new YearMonth(2025, 3), _twentyEntries);
        if (!AllowanceRules.Evaluate(_accepted, _typical).Accepted || !AllowanceRules.Evaluate(_withHours, _typical).Accepted
            || AllowanceRules.Evaluate(_overAnnualCap, _nearlyFull).Code != AllowanceRules.AnnualCapExceeded)
        {
            throw new InvalidOperationException("The benchmark cases no longer take the paths their names say.");
        }
    }

    [Benchmark(Baseline = true)]
    public Verdict Evaluate_accepted() => AllowanceRules.Evaluate(_accepted, _typical);

    [Benchmark]
    public Verdict Evaluate_refused_over_annual_cap() => AllowanceRules.Evaluate(_overAnnualCap, _nearlyFull);

    [Benchmark]
    public Verdict Evaluate_with_20_hour_entries() => AllowanceRules.Evaluate(_withHours, _typical);

    [Benchmark]
    public long EffectiveAnnualCapCents() => AllowanceRules.EffectiveAnnualCapCents(_limits, _agreements);

    [Benchmark]
    public long MaximumForHoursCents_20_entries() => AllowanceRules.MaximumForHoursCents(_limits, _born, _twentyEntries);
}
