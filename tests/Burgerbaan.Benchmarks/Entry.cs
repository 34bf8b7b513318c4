using BenchmarkDotNet.Running;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- --filter '*'</c> runs the benchmarks;
/// <c>dotnet run -c Release -- seed &lt;db&gt; &lt;volunteerId&gt; &lt;count&gt;</c> writes a payout history for the load script.
/// </summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "seed")
        {
            return await PayoutHistorySeeder.RunAsync(args[1..]);
        }
        BenchmarkSwitcher.FromAssembly(typeof(Entry).Assembly).Run(args);
        return 0;
    }
}
