using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Columnar.Analytics;
using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Query;
using Columnar.Storage;

namespace Columnar.Bench;

/// <summary>
/// The table every analysis benchmark runs on: the seeded synthetic shop at 1M events and an awkward size, loaded from its
/// Parquet file (written once to the gitignored bench/cache), with a kernels query and a DuckDB query over the same table.
/// The DuckDB engine reads the zero-copy registration, built in the setup so only the queries are timed. The job is short
/// (monitoring, 5 warm-ups so the kernels run as tier-1 code, 9 iterations): full BenchmarkDotNet runs at 10M would take hours on 2 cores, and `compare` covers
/// 10M.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 5, iterationCount: 9)]
[MemoryDiagnoser]
public abstract class AnalysisBenchmarkBase
{
    private EventTable _table = null!;

    /// <summary>The kernels engine over the table.</summary>
    protected EventQuery Kernels { get; private set; } = null!;

    /// <summary>The DuckDB SQL engine over the same table.</summary>
    protected EventQuery DuckDb { get; private set; } = null!;

    [Params(1_000_000, 1_234_567)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = EventTable.Load(CompareMode.CachedParquet(new SyntheticOptions { Events = Events }), Preset.Synthetic);
        Kernels = _table.Query().Using(Columnar.Query.Engine.Kernels);
        DuckDb = _table.Query().Using(Columnar.Query.Engine.DuckDb);
        DuckDb.Sessions().Run(); // builds the registration once, outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();
}

/// <summary>30-minute sessions: DuckDB SQL (baseline) against the kernels.</summary>
public class SessionsBenchmarks : AnalysisBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public long DuckDbSql() => DuckDb.Sessions().Run().Sessions;

    [Benchmark]
    public long ColumnarKernels() => Kernels.Sessions().Run().Sessions;
}

/// <summary>The 4-step, 24-hour funnel broken down by device: DuckDB SQL (baseline) against the kernels.</summary>
public class FunnelBenchmarks : AnalysisBenchmarkBase
{
    private static readonly string[] Steps = ["page_view", "view_item", "add_to_cart", "purchase"];

    [Benchmark(Baseline = true)]
    public int DuckDbSql() => DuckDb.Funnel(Steps).Within(TimeSpan.FromHours(24)).BreakdownBy("device").Run().Breakdown.Count;

    [Benchmark]
    public int ColumnarKernels() => Kernels.Funnel(Steps).Within(TimeSpan.FromHours(24)).BreakdownBy("device").Run().Breakdown.Count;
}

/// <summary>The daily × 30 retention matrix: DuckDB SQL (baseline) against the kernels.</summary>
public class RetentionBenchmarks : AnalysisBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public int DuckDbSql() => DuckDb.Retention().By(CalendarPeriod.Day).Periods(30).Run().Cohorts.Count;

    [Benchmark]
    public int ColumnarKernels() => Kernels.Retention().By(CalendarPeriod.Day).Periods(30).Run().Cohorts.Count;
}

/// <summary>RFM over purchases: DuckDB SQL (baseline) against the kernels.</summary>
public class RfmBenchmarks : AnalysisBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public long DuckDbSql() => DuckDb.Rfm().Run().Purchasers;

    [Benchmark]
    public long ColumnarKernels() => Kernels.Rfm().Run().Purchasers;
}

/// <summary>The top-10 next steps after view_item: DuckDB SQL (baseline) against the kernels.</summary>
public class PathsBenchmarks : AnalysisBenchmarkBase
{
    [Benchmark(Baseline = true)]
    public int DuckDbSql() => DuckDb.Paths("view_item").Run().Edges.Count;

    [Benchmark]
    public int ColumnarKernels() => Kernels.Paths("view_item").Run().Edges.Count;
}
