using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Storage;
using DuckDB.NET.Data;
using ColumnarEngine = Columnar.Query.Engine;

namespace Columnar.Bench;

/// <summary>
/// <c>compare --events N [--json] [--columnar-only] [--runs 5]</c>: writes the seeded synthetic dataset to Parquet (cached in
/// bench/cache), loads it into Columnar and into DuckDB, runs the same workload on both engines and prints Columnar ms,
/// DuckDB ms (median of ≥ 5 runs spanning ≥ 2 s, after a warm-up of ≥ 3 runs and ≥ 0.5 s, results fully materialised) and their ratio, plus both load times and the
/// bytes per event. <c>--columnar-only</c> skips DuckDB and reports the peak working set (VmHWM − RSS before loading) next to
/// the table's size.
/// </summary>
public static class CompareMode
{
    public static int Run(string[] args)
    {
        var events = 10_000_000;
        var runs = 5;
        var json = false;
        var columnarOnly = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--events": events = int.Parse(args[++i].Replace("_", ""), CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--json": json = true; break;
                case "--columnar-only": columnarOnly = true; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        var options = new SyntheticOptions { Events = events };
        var parquet = CachedParquet(options);
        var rssBefore = ReadStatusKb("VmRSS");

        var watch = Stopwatch.StartNew();
        using var table = EventTable.Load(parquet, Preset.Synthetic);
        var columnarLoadMs = watch.Elapsed.TotalMilliseconds;
        var hwmAfterLoad = ReadStatusKb("VmHWM");

        var kernels = table.Query().Using(ColumnarEngine.Kernels);
        var workload = Workload.All;
        var rows = new List<Row>();
        double? duckLoadMs = null;
        if (columnarOnly)
        {
            foreach (var w in workload) rows.Add(new Row(w.Name, Median(runs, () => w.Run(kernels)), null, null));
            var hwm = ReadStatusKb("VmHWM");
            var peakMb = (Math.Max(hwm, hwmAfterLoad) - rssBefore) / 1024.0;
            Print(json, events, table, columnarLoadMs, null, rows, peakMb);
            return 0;
        }

        // Each engine is timed on an otherwise idle machine: Columnar's runs come first, before DuckDB loads anything. Timed
        // right after a DuckDB query they shared the 2 cores with DuckDB's workers winding down (sessions: 24 ms vs 12 ms).
        var columnarMs = workload.Select(w => Median(runs, () => w.Run(kernels))).ToArray();

        // DuckDB's own load of the same file, timed on its own; the hand-written SQL then runs on a second native table that
        // also keeps each row's position in the file (file_row_number), which is the arrival order ties are broken by.
        var quoted = parquet.Replace("'", "''");
        using (var duck = new DuckDBConnection("DataSource=:memory:"))
        {
            duck.Open();
            watch.Restart();
            using var cmd = duck.CreateCommand();
            cmd.CommandText = $"SET threads = {Environment.ProcessorCount}; CREATE TABLE events AS SELECT * FROM read_parquet('{quoted}')";
            cmd.ExecuteNonQuery();
            duckLoadMs = watch.Elapsed.TotalMilliseconds;
        }
        using var native = new DuckDBConnection("DataSource=:memory:");
        native.Open();
        using (var cmd = native.CreateCommand())
        {
            cmd.CommandText = $"SET threads = {Environment.ProcessorCount}; SET TimeZone = 'UTC'; " +
                              $"CREATE TABLE events AS SELECT * FROM read_parquet('{quoted}', file_row_number = true)";
            cmd.ExecuteNonQuery();
        }

        var duckDb = table.Query().Using(ColumnarEngine.DuckDb);
        workload[0].Run(duckDb); // builds the registration outside the timings
        foreach (var (w, c) in workload.Zip(columnarMs))
        {
            var o = Median(runs, () => w.Run(duckDb));
            var n = Median(runs, () => Workload.Fetch(native, w.NativeSql));
            var expected = w.Canonical(w.Run(kernels));
            if (w.Canonical(w.Run(duckDb)) != expected) throw new InvalidOperationException($"{w.Name}: the oracle SQL disagrees with the kernels");
            if (w.NativeCanonical(Workload.Fetch(native, w.NativeSql)) != expected)
                throw new InvalidOperationException($"{w.Name}: the hand-written SQL disagrees with the kernels");
            rows.Add(new Row(w.Name, c, o, n));
        }
        Print(json, events, table, columnarLoadMs, duckLoadMs, rows, null);
        return 0;
    }

    /// <summary>One analysis: Columnar's time, the oracle SQL's over the registration, and the hand-written SQL's over DuckDB's table.</summary>
    private sealed record Row(string Analysis, double ColumnarMs, double? OracleMs, double? NativeMs)
    {
        /// <summary>DuckDB's best: the faster of the two SQL formulations.</summary>
        public double? DuckDbMs => OracleMs is { } o && NativeMs is { } n ? Math.Min(o, n) : null;

        public double? Ratio => DuckDbMs / ColumnarMs;
    }

    private static void Print(bool json, int events, EventTable table, double loadMs, double? duckLoadMs, List<Row> rows, double? peakMb)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                events,
                users = table.UserCount,
                processors = Environment.ProcessorCount,
                bytes_per_event = Math.Round(table.CoreBytesPerEvent, 3),
                table_mb = Math.Round(table.TotalBytes / 1048576.0, 1),
                columnar_load_ms = Math.Round(loadMs, 1),
                duckdb_load_ms = duckLoadMs is { } d ? Math.Round(d, 1) : (double?)null,
                peak_working_set_mb = peakMb is { } p ? Math.Round(p, 1) : (double?)null,
                analyses = rows.Select(r => new { analysis = r.Analysis, columnar_ms = Math.Round(r.ColumnarMs, 2),
                    duckdb_oracle_sql_ms = r.OracleMs is { } o ? Math.Round(o, 2) : (double?)null,
                    duckdb_handwritten_sql_ms = r.NativeMs is { } h ? Math.Round(h, 2) : (double?)null, duckdb_ms = r.DuckDbMs is { } x ? Math.Round(x, 2) : (double?)null, ratio = r.Ratio is { } q ? Math.Round(q, 1) : (double?)null }),
            }, new JsonSerializerOptions { WriteIndented = true }));
            return;
        }
        Console.WriteLine($"{events:N0} events, {table.UserCount:N0} users, {Environment.ProcessorCount} cores; {table.CoreBytesPerEvent:0.00} bytes/event (core), table {table.TotalBytes / 1048576.0:0.0} MB");
        Console.WriteLine($"load Parquet: Columnar {loadMs:N0} ms" + (duckLoadMs is { } dl ? $", DuckDB {dl:N0} ms (ratio {loadMs / dl:0.00}×)" : ""));
        if (peakMb is { } pk) Console.WriteLine($"peak working set above the pre-load RSS: {pk:N0} MB ({pk / (table.TotalBytes / 1048576.0):0.00}× the table)");
        Console.WriteLine($"{"analysis",-34} {"Columnar ms",12} {"DuckDB ms",12} {"ratio",8}   {"oracle SQL",11} {"hand SQL",11}");
        foreach (var r in rows)
            Console.WriteLine($"{r.Analysis,-34} {r.ColumnarMs,12:N2} {Ms(r.DuckDbMs),12} {(r.Ratio is { } q ? q.ToString("0.0", CultureInfo.InvariantCulture) + "×" : "-"),8}   {Ms(r.OracleMs),11} {Ms(r.NativeMs),11}");
        if (duckLoadMs is not null)
            Console.WriteLine("DuckDB ms = the faster of the oracle SQL (Engine.DuckDb over the zero-copy registration) and the hand-written SQL over DuckDB's own table; both checked equal to the kernels' result.");
    }

    private static string Ms(double? ms) => ms is { } d ? d.ToString("N1", CultureInfo.InvariantCulture) : "-";

    private static double Median<T>(int runs, Func<T> run)
    {
        // Warm-up: at least 3 runs and 500 ms, at most 50 runs. One run is not enough on .NET: tiered compilation first runs
        // the kernels as quick, unoptimised code and recompiles the hot ones in the background after ~30 calls, so the
        // first analysis of a process measured after one warm-up ran 2-5× slower than its steady state.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 50 && (i < 3 || warm.ElapsedMilliseconds < 500); i++) run();
        // At least `runs` runs, and for fast analyses as many as fit in 2 s (at most 1,000): this shared machine has slow
        // phases lasting a second or more, and 5 runs of a 10 ms kernel fall inside one of them, while DuckDB's 5 runs of a
        // second each span several. Sampling both sides over a similar stretch of time makes the medians comparable.
        var times = new List<double>();
        var span = Stopwatch.StartNew();
        while (times.Count < runs || (span.ElapsedMilliseconds < 2000 && times.Count < 1000))
        {
            var w = Stopwatch.StartNew();
            run();
            times.Add(w.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var n = times.Count;
        return n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
    }

    internal static string CachedParquet(SyntheticOptions options)
    {
        var dir = Path.Combine(RepoRoot(), "bench", "cache");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"synthetic-{options.Events}-{options.Seed}.parquet");
        if (!File.Exists(path))
        {
            var w = Stopwatch.StartNew();
            Console.Error.WriteLine($"writing {path} …");
            SyntheticDataset.WriteEventsParquet(path + ".tmp", options);
            File.Move(path + ".tmp", path, overwrite: true);
            Console.Error.WriteLine($"wrote {new FileInfo(path).Length / 1048576.0:0.0} MB in {w.Elapsed.TotalSeconds:0.0} s");
        }
        return path;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Columnar.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static long ReadStatusKb(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(key.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
        return 0;
    }
}
