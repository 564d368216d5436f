using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using DuckDB.NET.Data;

namespace Columnar.Tests.Cli;

/// <summary><c>columnar sql</c> and <c>columnar explain</c> end to end, checked against counts taken straight from the CSV.</summary>
public class SqlAndExplainCommandTests
{
    // Naive counts from the file itself: behaviour is the 4th field of the headerless Taobao CSV.
    private static readonly Dictionary<string, long> EventCounts = File.ReadLines(CliKit.TaobaoTrimmed)
        .GroupBy(l => l.Split(',')[3]).ToDictionary(g => g.Key, g => (long)g.Count());

    private const string CountQuery = "select event, count(*) as n from events group by all order by event";

    [Fact]
    public void SqlPrintsATableOfTheQuery()
    {
        var run = CliKit.Run("sql", CountQuery, "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n');
        foreach (var (ev, n) in EventCounts)
            Assert.Contains($"{ev} {n}", lines.Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
        Assert.Contains("(4 rows)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("read 84,475 rows", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlAsJsonHasOneObjectPerRow()
    {
        var run = CliKit.Run("sql", CountQuery, "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Stdout);
        var rows = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement : doc.RootElement.EnumerateObject().First(p => p.Value.ValueKind == JsonValueKind.Array).Value;
        var got = rows.EnumerateArray().ToDictionary(r => r.GetProperty("event").GetString()!, r => r.GetProperty("n").GetInt64());
        Assert.Equal(EventCounts.OrderBy(kv => kv.Key), got.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void SqlWritesParquetAndArrowThatOtherReadersRead()
    {
        using var tmp = CliKit.Temp();
        var parquet = tmp.Of("counts.parquet");
        var arrow = tmp.Of("counts.arrow");
        Assert.Equal(0, CliKit.Run("sql", CountQuery, "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--format", "parquet", "--output", parquet).ExitCode);
        Assert.Equal(0, CliKit.Run("sql", CountQuery, "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--format", "arrow", "--output", arrow).ExitCode);

        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        using var cmd = duck.CreateCommand();
        cmd.CommandText = $"SELECT CAST(sum(n) AS BIGINT), count(*) FROM read_parquet('{parquet.Replace("'", "''")}')";
        using (var r = cmd.ExecuteReader())
        {
            r.Read();
            Assert.Equal(EventCounts.Values.Sum(), r.GetInt64(0));
            Assert.Equal(EventCounts.Count, Convert.ToInt32(r.GetValue(1)));
        }

        using var stream = File.OpenRead(arrow);
        using var reader = new ArrowFileReader(stream);
        long rows = 0;
        while (reader.ReadNextRecordBatch() is { } batch) rows += batch.Length;
        Assert.Equal(EventCounts.Count, rows);
    }

    [Fact]
    public void SqlErrorsAndUsage()
    {
        var bad = CliKit.Run("sql", "select nope from events", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("ANA0004", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("select nope from events", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, CliKit.Run("sql", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao").ExitCode);
        Assert.Equal(2, CliKit.Run("sql", CountQuery, "--format", "parquet", "--events", "1000").ExitCode);
    }

    [Fact]
    public void ExplainShowsThePlanAndSqlOfEachSection()
    {
        var run = CliKit.Run("explain", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--event", "pv,buy");
        Assert.Equal(0, run.ExitCode);
        foreach (var section in new[] { "Sessions", "Funnel", "Retention", "RFM" })
            Assert.Contains(section, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("SELECT", run.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("where:", run.Stdout, StringComparison.Ordinal);
    }
}
