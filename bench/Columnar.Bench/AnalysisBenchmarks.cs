using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Columnar.Datasets;
using Columnar.Query;
using Columnar.Storage;

namespace Columnar.Bench;

/// <summary>
/// The four report analyses on the seeded synthetic shop, at 1M events and an awkward size. The DuckDB SQL engine is the
/// baseline; the table's DuckDB copy is made in the global setup, so only the query is timed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private EventTable _table = null!;
    private EventQuery _duckDb = null!;

    [Params(1_000_000, 1_234_567)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = SyntheticDataset.Generate(new SyntheticOptions { Events = Events });
        _duckDb = _table.Query().Using(Columnar.Query.Engine.DuckDb);
        _duckDb.Sessions().Run(); // builds the DuckDB copy once, outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();

    [Benchmark(Baseline = true)]
    public long SessionsDuckDb() => _duckDb.Sessions().Run().Sessions;

    [Benchmark]
    public long FunnelDuckDb() => _duckDb.Funnel("page_view", "view_item", "add_to_cart", "purchase").Within(TimeSpan.FromDays(1)).Run().Steps[^1].Users;

    [Benchmark]
    public int RetentionDuckDb() => _duckDb.Retention().Periods(30).Run().Cohorts.Count;

    [Benchmark]
    public long RfmDuckDb() => _duckDb.Rfm().Run().Purchasers;
}
