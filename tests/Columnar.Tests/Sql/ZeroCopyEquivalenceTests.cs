using Columnar.Datasets;
using Columnar.Sql;
using Columnar.Storage;
using static Columnar.Tests.Sql.SqlTestKit;

namespace Columnar.Tests.Sql;

/// <summary>The zero-copy registration answers exactly like DuckDB's own Appender-loaded copy of the same table.</summary>
public class ZeroCopyEquivalenceTests : IClassFixture<ZeroCopyEquivalenceTests.Tables>
{
    public sealed class Tables : IDisposable
    {
        public EventTable Mixed { get; } = SqlTestKit.Mixed();
        public EventTable Synthetic { get; } = SyntheticDataset.Generate(new SyntheticOptions { Events = 30_011 });
        internal AppenderCopy MixedCopy { get; }
        internal AppenderCopy SyntheticCopy { get; }

        public Tables()
        {
            MixedCopy = new AppenderCopy(Mixed);
            SyntheticCopy = new AppenderCopy(Synthetic);
        }

        public void Dispose()
        {
            Mixed.Dispose();
            Synthetic.Dispose();
            MixedCopy.Dispose();
            SyntheticCopy.Dispose();
        }
    }

    private readonly Tables _t;

    public ZeroCopyEquivalenceTests(Tables t) => _t = t;

    private void Same(string sql, bool synthetic = false, bool ordered = true)
    {
        var (table, copy) = synthetic ? (_t.Synthetic, _t.SyntheticCopy) : (_t.Mixed, _t.MixedCopy);
        var expected = Copied(copy, sql);
        var actual = ZeroCopy(table, sql);
        if (!ordered)
        {
            expected.Sort(StringComparer.Ordinal);
            actual.Sort(StringComparer.Ordinal);
        }
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual);
    }

    public static TheoryData<string> Columns() =>
        ["user", "time", "event", "seq", "country", "n", "x", "flag", "price", Quote, Keyword, Injection, Unicode, Apostrophe];

    [Theory]
    [MemberData(nameof(Columns))]
    public void ProjectionOfEachColumn(string column) =>
        Same($"SELECT {SqlText.Ident(column)} FROM events ORDER BY seq");

    [Fact]
    public void EveryColumnAtOnce() => Same("SELECT * FROM events ORDER BY seq");

    [Fact]
    public void LaterColumnAlone() => Same($"SELECT {SqlText.Ident(Apostrophe)}, seq FROM events WHERE {SqlText.Ident(Apostrophe)} IS NOT NULL ORDER BY seq DESC");

    [Theory]
    [InlineData("SELECT count(*) FROM events WHERE \"user\" < 3")]
    [InlineData("SELECT seq FROM events WHERE country = 'DE' AND n BETWEEN 3 AND 20 ORDER BY seq")]
    [InlineData("SELECT seq FROM events WHERE price > 250.5 OR flag ORDER BY seq")]
    [InlineData("SELECT seq FROM events WHERE country IS NULL AND x IS NOT NULL ORDER BY seq")]
    [InlineData("SELECT seq FROM events WHERE \"time\" >= TIMESTAMP '2024-03-10' AND event IN ('buy', 'évènement') ORDER BY seq")]
    [InlineData("SELECT seq FROM events WHERE \"select\" = 2 AND \"x; DROP TABLE events; --\" <> 'v1' ORDER BY seq")]
    public void Filters(string sql) => Same(sql);

    [Theory]
    [InlineData("SELECT event, count(*), count(country), sum(n), avg(x), sum(price), min(\"time\"), max(\"time\"), bool_or(flag) FROM events GROUP BY ALL ORDER BY event")]
    [InlineData("SELECT country, \"user\", count(DISTINCT event), median(x), sum(price) FILTER (WHERE flag) FROM events GROUP BY ALL ORDER BY ALL")]
    [InlineData("SELECT count(*), count(DISTINCT \"user\"), sum(seq), sum(\"名前 ünï\" = 'ü1') FROM events")]
    public void Aggregations(string sql) => Same(sql);

    [Theory]
    [InlineData("SELECT seq, lag(\"time\") OVER (PARTITION BY \"user\" ORDER BY seq), row_number() OVER (PARTITION BY event ORDER BY seq), sum(price) OVER (PARTITION BY \"user\" ORDER BY seq ROWS UNBOUNDED PRECEDING) FROM events ORDER BY seq")]
    [InlineData("SELECT seq, rank() OVER (PARTITION BY country ORDER BY x NULLS FIRST, seq) FROM events ORDER BY seq")]
    public void WindowFunctions(string sql) => Same(sql);

    [Theory]
    [InlineData("SELECT u.user_id, count(*) FROM events e JOIN users u USING (\"user\") GROUP BY ALL ORDER BY ALL")]
    [InlineData("SELECT a.seq, b.seq FROM events a JOIN events b ON a.\"user\" = b.\"user\" AND b.seq = a.seq + 1 AND a.event = 'cart' ORDER BY ALL")]
    public void Joins(string sql) => Same(sql);

    [Fact]
    public void SyntheticAggregatesAndWindows()
    {
        Same("SELECT event, device, channel, count(*), sum(revenue), count(DISTINCT \"user\") FROM events GROUP BY ALL ORDER BY ALL", synthetic: true);
        Same("SELECT \"user\", max(\"time\" - prev) FROM (SELECT \"user\", \"time\", lag(\"time\") OVER (PARTITION BY \"user\" ORDER BY seq) prev FROM events) GROUP BY ALL ORDER BY ALL", synthetic: true);
        Same("SELECT * FROM events", synthetic: true, ordered: false);
    }

    [Fact]
    public void RepeatedQueriesSeeEveryRow()
    {
        var first = ZeroCopy(_t.Synthetic, "SELECT count(*), sum(seq) FROM events");
        for (var i = 0; i < 5; i++) Assert.Equal(first, ZeroCopy(_t.Synthetic, "SELECT count(*), sum(seq) FROM events"));
        var n = (long)_t.Synthetic.EventCount;
        Assert.Equal($"{n}|{n * (n - 1) / 2}", Assert.Single(first));
    }

    [Fact]
    public async Task ConcurrentQueriesOnSeparateConnections()
    {
        const string a = "SELECT \"user\", count(*), sum(revenue) FROM events GROUP BY ALL ORDER BY ALL";
        const string b = "SELECT event, count(DISTINCT \"user\") FROM events WHERE channel <> 'paid' GROUP BY ALL ORDER BY ALL";
        var expectedA = Copied(_t.SyntheticCopy, a);
        var expectedB = Copied(_t.SyntheticCopy, b);
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() => i % 2 == 0 ? (expectedA, ZeroCopy(_t.Synthetic, a)) : (expectedB, ZeroCopy(_t.Synthetic, b)))).ToArray();
        foreach (var (expected, actual) in await Task.WhenAll(tasks)) Assert.Equal(expected, actual);
    }

    [Fact]
    public void TwoOpenResultsStreamAtOnce()
    {
        using var one = _t.Synthetic.Sql("SELECT seq FROM events ORDER BY seq");
        using var two = _t.Synthetic.Sql("SELECT seq FROM events ORDER BY seq DESC");
        long sumOne = 0, sumTwo = 0, rows = 0;
        while (true)
        {
            var x = one.ReadNext(1000);
            var y = two.ReadNext(1000);
            if (x is null || y is null)
            {
                Assert.Null(x);
                Assert.Null(y);
                break;
            }
            rows += x.Length;
            sumOne += ((Apache.Arrow.Int32Array)x.Column(0)).Values.ToArray().Sum(v => (long)v);
            sumTwo += ((Apache.Arrow.Int32Array)y.Column(0)).Values.ToArray().Sum(v => (long)v);
        }
        var n = (long)_t.Synthetic.EventCount;
        Assert.Equal(n, rows);
        Assert.Equal(n * (n - 1) / 2, sumOne);
        Assert.Equal(sumOne, sumTwo);
    }
}
