using System.Diagnostics;
using System.Globalization;
using Apache.Arrow;
using Columnar.Datasets;
using Columnar.Sql;
using Columnar.Storage;

namespace Columnar.Bench;

/// <summary>
/// <c>sql-registration [--sizes 1000000,3000000,10000000] [--runs 5]</c>: shows that exposing an EventTable to DuckDB without a
/// copy costs the same at any row count, holds no table data in DuckDB, and scans as fast as DuckDB's own (Appender-loaded)
/// copy of the same data. For each size it prints the registration time, DuckDB's memory after registering, the Appender
/// copy's load time and memory, and the scan time and throughput of the same query on both (median of the runs after a warm-up).
/// </summary>
public static class SqlRegistrationMode
{
    /// <summary>Touches user, time, event and one string property: 4 + 8 + 2 + 4 logical bytes per row.</summary>
    private const string ScanSql = "SELECT count(*), sum(\"user\"), max(\"time\"), count(DISTINCT event), count(country) FROM events WHERE device <> 'tablet'";
    private const int ScannedBytesPerRow = 18;

    public static int Run(string[] args)
    {
        var sizes = new[] { 1_000_000, 3_000_000, 10_000_000 };
        var runs = 5;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--sizes": sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray(); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        Console.WriteLine($"{"rows",12} {"register ms",12} {"duckdb MB",10} {"copy ms",10} {"copy MB",9} {"scan ms (0-copy)",17} {"GB/s",6} {"scan ms (copy)",15} {"GB/s",6}");
        foreach (var rows in sizes)
        {
            using var table = SyntheticDataset.Generate(new SyntheticOptions { Events = rows });
            var register = Median(runs, () =>
            {
                using var s = new SqlSession();
                s.Register(table);
            });
            using var session = new SqlSession();
            session.Register(table);
            var duckMb = Scalar(session, "SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()") / 1048576.0;
            var zeroCopyScan = Median(runs, () => Scalar(session, ScanSql));

            var watch = Stopwatch.StartNew();
            using var copy = new AppenderCopy(table);
            var copyMs = watch.Elapsed.TotalMilliseconds;
            var none = new Dictionary<string, object?>();
            long CopyScalar(string sql) => copy.Run(sql, none, r => { r.Read(); return Convert.ToInt64(r.GetValue(0), CultureInfo.InvariantCulture); });
            var copyMb = CopyScalar("SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()") / 1048576.0;
            var copyScan = Median(runs, () => CopyScalar(ScanSql));
            if (Scalar(session, ScanSql) != CopyScalar(ScanSql)) throw new InvalidOperationException("the zero-copy scan and the copy disagree");

            double Gbs(double ms) => rows * (double)ScannedBytesPerRow / (ms / 1000) / 1e9;
            Console.WriteLine($"{rows,12:N0} {register,12:N2} {duckMb,10:N1} {copyMs,10:N0} {copyMb,9:N1} {zeroCopyScan,17:N1} {Gbs(zeroCopyScan),6:N2} {copyScan,15:N1} {Gbs(copyScan),6:N2}");
        }
        return 0;
    }

    private static long Scalar(SqlSession session, string sql)
    {
        using var result = session.Query(sql);
        var batch = result.ToRecordBatch();
        return batch.Column(0) switch
        {
            Int64Array a => a.Values[0],
            Decimal128Array d => (long)d.GetValue(0)!.Value,
            var c => Convert.ToInt64(Output.ResultFiles.FormatValue(c, 0), CultureInfo.InvariantCulture),
        };
    }

    private static double Median(int runs, Action run)
    {
        run();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var w = Stopwatch.StartNew();
            run();
            times[i] = w.Elapsed.TotalMilliseconds;
        }
        System.Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
    }
}
