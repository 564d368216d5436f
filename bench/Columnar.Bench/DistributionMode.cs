using System.Diagnostics;
using System.Globalization;
using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Storage;
using ColumnarEngine = Columnar.Query.Engine;

namespace Columnar.Bench;

/// <summary>
/// <c>distribution [--events N] [--analysis NAME] [--threads T] [--runs R]</c>: runs the kernels of one compare analysis (or
/// all) R times back to back on the cached Parquet dataset and prints the spread of the wall times (min, p25, median, p75,
/// max). A single median hides how much a 10 ms kernel moves on a shared machine; this shows it, and is the quick way to
/// A/B a kernel change.
/// </summary>
public static class DistributionMode
{
    public static int Run(string[] args)
    {
        var events = 10_000_000;
        var runs = 60;
        var threads = Environment.ProcessorCount;
        string? only = null;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = int.Parse(args[++i].Replace("_", ""), CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--threads": threads = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--analysis": only = args[++i]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var parquet = CompareMode.CachedParquet(new SyntheticOptions { Events = events });
        using var table = EventTable.Load(parquet, Preset.Synthetic);
        var query = table.Query().Using(ColumnarEngine.Kernels).Threads(threads);
        var chosen = Workload.All.Where(w => only is null || w.Name.StartsWith(only, StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chosen.Length == 0)
        {
            Console.Error.WriteLine($"no analysis starts with '{only}'; the names are: {string.Join(", ", Workload.All.Select(w => w.Name))}");
            return 2;
        }
        Console.WriteLine($"{events:N0} events, {threads} threads, {runs} runs each (after {Math.Max(3, runs / 10)} warm-up runs)");
        Console.WriteLine($"{"analysis",-34} {"min",8} {"p25",8} {"median",8} {"p75",8} {"max",8}");
        foreach (var w in chosen)
        {
            for (var i = 0; i < Math.Max(3, runs / 10); i++) w.Run(query);
            var times = new double[runs];
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                w.Run(query);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            double At(double q) => times[(int)Math.Round(q * (runs - 1))];
            Console.WriteLine(FormattableString.Invariant(
                $"{w.Name,-34} {times[0],8:F2} {At(0.25),8:F2} {At(0.5),8:F2} {At(0.75),8:F2} {times[^1],8:F2}"));
        }
        return 0;
    }
}
