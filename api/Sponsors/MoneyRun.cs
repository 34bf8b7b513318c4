using Burgerbaan.Api.PayoutRuns;

namespace Burgerbaan.Api.Sponsors;

/// <summary>
/// A payout run's share of the sponsorship rules: a chunk's plans, walked in booking order, each drawing on what the earlier ones
/// left of its sponsorship's budget. A volunteer whose payout does not fit is skipped (sponsorship_budget_exceeded), as a single payout
/// is refused: the run never shortens a volunteer's pay because a sponsor's budget ran out, and never pays it from the cooperative
/// unasked. The hours stay unpaid for a later run once the sponsorship is extended.
/// </summary>
internal static class MoneyRun
{
    public static List<RunPlan> Fit(IReadOnlyList<RunPlan> plans)
    {
        var left = new Dictionary<long, long>();
        var fitted = new List<RunPlan>(plans.Count);
        foreach (var plan in plans)
        {
            if (plan.Proposal is not { } proposal || MoneyFunding.Drawn(plan.Scene.Funding, proposal.Kind) is not { } funding)
            {
                fitted.Add(plan);
                continue;
            }
            var headroom = left.TryGetValue(funding.SponsorshipId, out var known) ? known : funding.HeadroomCents;
            if (proposal.AmountCents > headroom)
            {
                left[funding.SponsorshipId] = headroom;
                fitted.Add(plan with
                {
                    Line = plan.Line with
                    {
                        PaidCents = 0, TrimmedCents = plan.Line.GrossCents, TrimmedBy = null,
                        Skipped = MoneyFunding.BudgetExceeded, SponsorshipId = funding.SponsorshipId,
                    },
                    Proposal = null,
                    HourIds = [],
                });
                continue;
            }
            left[funding.SponsorshipId] = headroom - proposal.AmountCents;
            fitted.Add(plan with { Line = plan.Line with { SponsorshipId = funding.SponsorshipId } });
        }
        return fitted;
    }
}
