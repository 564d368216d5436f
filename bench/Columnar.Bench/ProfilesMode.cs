using System.Diagnostics;
using System.Globalization;
using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Profiles;
using Columnar.Sql;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Bench;

/// <summary>
/// <c>profiles [--events N] [--runs 7]</c>: the issue-5 figures on the cached synthetic Parquet (see <see cref="CompareMode"/>):
/// the default tag set versus DuckDB's GROUP BY queries, a 3-way and/or/and-not over 200k-user segments, and a cold behavioural
/// segment versus its SQL, each with best and median of the runs after one warm-up. Both engines run over the same in-memory
/// table (DuckDB through the zero-copy registration, all cores), results fully fetched; the cold segment's users are checked
/// equal to the SQL's. The SQL formulations of the cold segment are all timed, and the baseline is the fastest of them.
/// </summary>
public static class ProfilesMode
{
    public static int Run(string[] args)
    {
        var events = 10_000_000;
        var runs = 7;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = int.Parse(args[++i].Replace("_", ""), CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var parquet = CompareMode.CachedParquet(new SyntheticOptions { Events = events });
        var watch = Stopwatch.StartNew();
        using var table = EventTable.Load(parquet, Preset.Synthetic);
        Console.WriteLine($"{events:N0} events, {table.UserCount:N0} users, {Environment.ProcessorCount} cores; loaded in {watch.Elapsed.TotalSeconds:0.0} s");
        var duck = table.GetEngineState(t => new EventDatabase(t));
        // The load's garbage is collected before timing, so a background collection does not take a core from either side.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        // The cold segment first, then its SQL, then the cold segment again (best of both passes), so neither side is timed
        // only in the wake of the other's garbage or thread start-up.
        var cold = Time(runs, () => ProfileBenchmarks.Cold(table));
        var sqlVariants = ProfileBenchmarks.ColdSqlVariants.Select(v => (v.Name, Times: Time(runs, () => ProfileBenchmarks.ColdSql(table, duck, v.Sql)))).ToArray();
        cold = Better(cold, Time(runs, () => ProfileBenchmarks.Cold(table)));
        var coldSql = sqlVariants.MinBy(v => v.Times.Best);
        CheckCold(table, duck);

        var tags = Time(runs, () => ProfileBenchmarks.DefaultTags(table));
        var tagsSql = Time(runs, () => ProfileBenchmarks.DefaultTagsSql(table, duck));

        using var store = TagStore.BuildDefaults(table.Query());
        using var a = store.Users("activity", "medium");
        using var b = store.Users("buyer");
        using var c = store.Users("lifecycle", "returning");
        const int loops = 1000;
        var threeWay = Time(runs, () =>
        {
            long n = 0;
            for (var i = 0; i < loops; i++) n += ProfileBenchmarks.ThreeWay(a, b, c);
            return n;
        });

        Console.WriteLine($"{"figure",-44} {"Columnar best",14} {"median",10} {"DuckDB best",12} {"median",10} {"ratio (best)",13}");
        Row("default tags build (ms)", tags, tagsSql);
        Row($"3-way &, |, - over {table.UserCount:N0} users (µs)", Scale(threeWay, 1000.0 / loops), null);
        Row($"cold {ProfileBenchmarks.ColdSegment} (ms)", cold, coldSql.Times);
        Console.WriteLine($"cold segment SQL formulations (DuckDB ms, best / median): "
            + string.Join("; ", sqlVariants.Select(v => $"{v.Name} {v.Times.Best:N1} / {v.Times.Median:N1}")));
        return 0;
    }

    private readonly record struct Timing(double Best, double Median);

    private static Timing Better(Timing x, Timing y) => new(Math.Min(x.Best, y.Best), Math.Min(x.Median, y.Median));

    private static Timing Scale(Timing t, double f) => new(t.Best * f, t.Median * f);

    private static void Row(string name, Timing columnar, Timing? duck)
    {
        static string F(double v) => v.ToString(v < 10 ? "N2" : "N1", CultureInfo.InvariantCulture);
        Console.WriteLine($"{name,-44} {F(columnar.Best),14} {F(columnar.Median),10} {(duck is { } d ? F(d.Best) : "-"),12} {(duck is { } e ? F(e.Median) : "-"),10} "
            + $"{(duck is { } r ? (r.Best / columnar.Best).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "-"),13}");
    }

    private static void CheckCold(EventTable table, EventDatabase duck)
    {
        using var set = Segment.Parse(ProfileBenchmarks.ColdSegment).Evaluate(table.Query());
        var mine = set.ToArray().ToHashSet();
        foreach (var (_, sql) in ProfileBenchmarks.ColdSqlVariants)
        {
            var theirs = ProfileBenchmarks.ColdSqlUsers(table, duck, sql);
            if (!mine.SetEquals(theirs)) throw new InvalidOperationException($"the cold segment ({mine.Count} users) and the SQL ({theirs.Count} users) disagree:\n{sql}");
        }
        Console.WriteLine($"cold segment: {mine.Count:N0} users, equal to every SQL formulation");
    }

    private static Timing Time<T>(int runs, Func<T> run)
    {
        run();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var w = Stopwatch.StartNew();
            run();
            times[i] = w.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return new Timing(times[0], runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2);
    }
}
