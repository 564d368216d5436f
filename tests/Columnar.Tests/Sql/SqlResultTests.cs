using Apache.Arrow;
using Apache.Arrow.Ipc;
using Columnar.Datasets;
using Columnar.Query;
using Columnar.Sql;
using Columnar.Storage;
using static Columnar.Tests.Sql.SqlTestKit;

namespace Columnar.Tests.Sql;

public class SqlResultTests
{
    [Fact]
    public void RegistrationCopiesNothingProportionalToRows()
    {
        long DuckDbBytes(SqlSession s)
        {
            using var r = s.Query("SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()");
            return ((Int64Array)r.ToRecordBatch().Column(0)).Values[0];
        }
        using var small = SyntheticDataset.Generate(new SyntheticOptions { Events = 2_000 });
        using var large = SyntheticDataset.Generate(new SyntheticOptions { Events = 100_000 });
        var bytes = new List<(long Managed, long Native)>();
        foreach (var t in new[] { small, large })
        {
            using var session = new SqlSession();
            var before = GC.GetAllocatedBytesForCurrentThread();
            session.Register(t);
            var managed = GC.GetAllocatedBytesForCurrentThread() - before;
            bytes.Add((managed, DuckDbBytes(session)));
        }
        // 50x the rows, yet registration allocates the same small amount and DuckDB holds no table data.
        Assert.True(bytes[1].Managed < 200_000, $"registration allocated {bytes[1].Managed} bytes for 100k rows");
        Assert.True(bytes[1].Managed < 2 * bytes[0].Managed + 50_000, $"{bytes[0].Managed} vs {bytes[1].Managed}");
        Assert.True(bytes[1].Native < 1_000_000, $"DuckDB holds {bytes[1].Native} bytes after registration");
        using var copy = new AppenderCopy(large);
        var copied = copy.Run("SELECT CAST(sum(memory_usage_bytes) AS BIGINT) FROM duckdb_memory()", new Dictionary<string, object?>(), r => { r.Read(); return r.GetInt64(0); });
        Assert.True(copied > 1_000_000, $"the Appender copy holds {copied} bytes");
    }

    [Fact]
    public void FilteredCountOnTenMillionRows()
    {
        using var t = SyntheticDataset.Generate(new SyntheticOptions { Events = 10_000_000 });
        var users = t.UserIndex;
        long under10 = 0, buys = 0;
        var buy = t.EventCode("purchase");
        for (var r = 0; r < users.Length; r++)
        {
            if (users[r] < 10) under10++;
            if (t.EventCodes[r] == buy) buys++;
        }
        var revenue = t.Property("revenue")!;
        long withRevenue = 0;
        for (var r = 0; r < t.EventCount; r++) if (!revenue.IsNull(r)) withRevenue++;
        using var result = t.Sql("SELECT count(*) FILTER (WHERE \"user\" < 10), count(*), count(*) FILTER (WHERE event = $e), count(revenue) FROM events",
            new Dictionary<string, object?> { ["e"] = "purchase" });
        var batch = result.ToRecordBatch();
        Assert.Equal(under10, ((Int64Array)batch.Column(0)).Values[0]);
        Assert.Equal(10_000_000L, ((Int64Array)batch.Column(1)).Values[0]);
        Assert.Equal(buys, ((Int64Array)batch.Column(2)).Values[0]);
        Assert.Equal(withRevenue, ((Int64Array)batch.Column(3)).Values[0]);
        Assert.True(buys > 0 && under10 > 0);
        using var again = t.Sql("SELECT count(*) FROM events WHERE \"user\" < 10");
        Assert.Equal(under10, ((Int64Array)again.ToRecordBatch().Column(0)).Values[0]);
    }

    [Fact]
    public void ArrowIpcRoundTripThroughApacheArrowAndOurRegistration()
    {
        using var t = Mixed();
        var path = Path.Combine(Path.GetTempPath(), $"columnar-sql-{Guid.NewGuid():N}.arrow");
        try
        {
            const string sql = "SELECT seq, \"user\", \"time\", event, country, n, x, flag, price, \"a\"\"b\" FROM events ORDER BY seq";
            using (var r = t.Sql(sql)) Assert.Equal(t.EventCount, r.WriteArrow(path));
            using var stream = File.OpenRead(path);
            using var reader = new ArrowFileReader(stream);
            var batches = new List<RecordBatch>();
            while (reader.ReadNextRecordBatch() is { } b) batches.Add(b);
            Assert.Equal(t.EventCount, batches.Sum(b => b.Length));
            var first = batches[0];
            Assert.Equal("a\"b", first.Schema.FieldsList[9].Name);
            var seq = (Int32Array)first.Column(0);
            var time = (TimestampArray)first.Column(2);
            var price = (Decimal128Array)first.Column(8);
            var country = (StringArray)first.Column(4);
            for (var i = 0; i < first.Length; i++)
            {
                var row = seq.Values[i];
                Assert.Equal(t.Times[row], time.Values[i]);
                Assert.Equal(t.Property("price")!.GetValue(row), price.GetValue(i));
                Assert.Equal(t.Property("country")!.GetString(row), country.GetString(i));
            }
            using var session = new SqlSession();
            session.Register("back", batches);
            using var copy = new AppenderCopy(t);
            var expected = copy.Run(sql, new Dictionary<string, object?>(), Rows);
            var actual = session.Run("SELECT * FROM back ORDER BY seq", new Dictionary<string, object?>(), Rows);
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ParquetRoundTripCheckedWithReadParquet()
    {
        using var t = Mixed();
        var path = Path.Combine(Path.GetTempPath(), $"columnar-sql-{Guid.NewGuid():N}.parquet");
        try
        {
            const string sql = "SELECT seq, \"user\", \"time\", event, country, n, x, flag, price, \"select\", \"名前 ünï\" FROM events";
            using (var r = t.Sql(sql)) Assert.Equal(t.EventCount, r.WriteParquet(path));
            using var copy = new AppenderCopy(t);
            var expected = copy.Run(sql + " ORDER BY seq", new Dictionary<string, object?>(), Rows);
            var actual = copy.Run("SELECT * FROM read_parquet($p) ORDER BY seq", new Dictionary<string, object?> { ["p"] = path }, Rows);
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ErrorsCarryTheSqlAndThePosition()
    {
        using var t = Mixed();
        var e = Assert.Throws<ColumnarException>(() => t.Sql("SELECT seq,\n       nosuch + 1\nFROM events"));
        Assert.Equal(ErrorCodes.EngineError, e.Code);
        Assert.Equal(2, e.Line);
        Assert.Contains("line 2, column 8", e.Message);
        Assert.Contains("FROM events", e.Message);
        var p = Assert.Throws<ColumnarException>(() => t.Sql("SELECT 1 FRM events"));
        Assert.Contains("line 1, column 14", p.Message);
    }

    [Fact]
    public void ParametersAreBoundNeverSpliced()
    {
        using var t = Mixed();
        const string hostile = "'; DROP TABLE users; --";
        using (var r = t.Sql("SELECT count(*) FROM events WHERE country = $c OR \"a\"\"b\" = $c", new Dictionary<string, object?> { ["c"] = hostile }))
        {
            var expected = Enumerable.Range(0, t.EventCount).Count(i => t.Property("country")!.GetString(i) == hostile || t.Property(Quote)!.GetString(i) == hostile);
            Assert.True(expected > 0);
            Assert.Equal(expected, ((Int64Array)r.ToRecordBatch().Column(0)).Values[0]);
        }
        using var users = t.Sql("SELECT count(*) FROM users");
        Assert.Equal(t.UserCount, ((Int64Array)users.ToRecordBatch().Column(0)).Values[0]);
    }

    [Fact]
    public void HostileFilterNamesAndValuesKeepTheirMeaning()
    {
        using var t = Mixed();
        var q = t.Query()
            .Where(EventFilter.In(Quote, "'; DROP TABLE users; --", "\"q\""))
            .Where(EventFilter.NotEqual(Injection, "v1"))
            .Where(EventFilter.EventIn("select", "évènement", "view"))
            .Where(EventFilter.Range(Keyword, 0L, 1L))
            .Where(EventFilter.IsNotNull(Unicode));
        var scope = q.Resolve();
        var p = new Dictionary<string, object?>();
        var sql = $"WITH {scope.EventsCte(p)} SELECT seq FROM ev ORDER BY seq";
        var actual = t.GetEngineState(x => new EventDatabase(x)).Run(sql, p, Rows).Select(int.Parse).ToList();
        var expected = Enumerable.Range(0, t.EventCount).Where(i =>
            t.Property(Quote)!.GetString(i) is "'; DROP TABLE users; --" or "\"q\""
            && t.Property(Injection)!.GetString(i) is { } v && v != "v1"
            && t.EventNames[t.EventCodes[i]] is "select" or "évènement" or "view"
            && t.Property(Keyword)!.GetValue(i) is long k && k is >= 0 and <= 1
            && !t.Property(Unicode)!.IsNull(i)).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
        Assert.Equal(expected, Enumerable.Range(0, t.EventCount).Where(i => scope.Mask![i]).ToList());
        Assert.DoesNotContain("DROP TABLE users", sql);
        Assert.Contains("\"x; DROP TABLE events; --\" <>", sql);
        Assert.Contains("\"a\"\"b\"", sql);
    }

    [Fact]
    public void TableTextAndEmptyResults()
    {
        using var t = Mixed();
        using var r = t.Sql("SELECT event, count(*) AS n FROM events GROUP BY event ORDER BY event");
        var text = r.ToTable();
        var expected = t.EventNames.Order(StringComparer.Ordinal).ToList();
        var lines = text.Split('\n');
        Assert.StartsWith("event", lines[0]);
        Assert.Equal(expected.Count, lines.Count(l => expected.Any(e => l.StartsWith(e + " ", StringComparison.Ordinal))));
        Assert.Contains($"({expected.Count} rows)", text);
        using var empty = t.Sql("SELECT seq, event FROM events WHERE false");
        var batch = empty.ToRecordBatch();
        Assert.Equal(0, batch.Length);
        Assert.Equal(2, batch.ColumnCount);
    }
}
