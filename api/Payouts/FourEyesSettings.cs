namespace Burgerbaan.Api.Payouts;

/// <summary>
/// <c>Finance:FourEyes</c> (default true): the key that approves a payout may not be the key that created it (for a payout
/// run's payouts: the key that started the run), so no one person alone can both create and release money. Off only where
/// the cooperative has a single finance person and accepts that risk (README, "Four eyes").
/// </summary>
public sealed class FourEyesSettings
{
    public const string Section = "Finance";

    public bool FourEyes { get; init; } = true;
}
