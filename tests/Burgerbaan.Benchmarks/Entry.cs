using BenchmarkDotNet.Running;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- --filter '*'</c> runs the benchmarks;
/// <c>dotnet run -c Release -- seed &lt;db&gt; &lt;volunteerId&gt; &lt;count&gt;</c> writes a payout history for the load script;
/// <c>seed-run &lt;db&gt; &lt;volunteers&gt; &lt;entries&gt; &lt;yyyy-MM&gt;</c> a month of approved hours for the payout run (part f).
/// <c>seed-lists &lt;db&gt; &lt;volunteers&gt; &lt;entries&gt;</c> a registry with hour entries for the list part (g).
/// </summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "seed")
        {
            return await PayoutHistorySeeder.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "seed-run")
        {
            return await PayoutRunSeeder.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == "seed-lists")
        {
            return await ListSeeder.RunAsync(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Entry).Assembly).Run(args);
        return 0;
    }
}
