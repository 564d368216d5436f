using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Columnar.Datasets;
using Columnar.Profiles;
using Columnar.Sql;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Bench;

/// <summary>
/// Profiles against DuckDB in the same run on the seeded synthetic shop: the default tag set versus the equivalent GROUP BY
/// queries, a 3-way and/or/and-not over tag bitmaps, and a cold behavioural segment versus its SQL. The DuckDB copy is made
/// in the global setup, so only queries are timed.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class ProfileBenchmarks
{
    private EventTable _table = null!;
    private EventDatabase _duck = null!;
    private TagStore _store = null!;
    private UserSet _a = null!, _b = null!, _c = null!;

    [Params(10_000_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _table = SyntheticDataset.Generate(new SyntheticOptions { Events = Events });
        _duck = _table.GetEngineState(t => new EventDatabase(t));
        _store = TagStore.BuildDefaults(_table.Query());
        (_a, _b, _c) = (_store.Users("activity", "medium"), _store.Users("buyer"), _store.Users("lifecycle", "returning"));
    }

    [GlobalCleanup]
    public void Cleanup() => _table.Dispose();

    [Benchmark]
    public int DefaultTagsKernel() => DefaultTags(_table);

    [Benchmark(Baseline = true)]
    public long DefaultTagsDuckDb() => DefaultTagsSql(_table, _duck);

    [Benchmark]
    public long ThreeWayBitmaps() => ThreeWay(_a, _b, _c);

    [Benchmark]
    public long BehaviourSegmentCold() => Cold(_table);

    [Benchmark]
    public long BehaviourSegmentDuckDb() => ColdSql(_table, _duck);

    public static int DefaultTags(EventTable table)
    {
        using var store = TagStore.BuildDefaults(table.Query());
        return store.Tags.Count;
    }

    public static long ThreeWay(UserSet a, UserSet b, UserSet c)
    {
        using var ab = a & b;
        using var abc = ab | c;
        using var r = abc - a;
        return r.Count;
    }

    public const string ColdSegment = "did(purchase, min=2, within=30d)";

    public static long Cold(EventTable table)
    {
        using var s = Segment.Parse(ColdSegment).Evaluate(table.Query());
        return s.Count;
    }

    /// <summary>
    /// SQL formulations of <see cref="ColdSegment"/> over the registered table (dense user index), all returning the same users:
    /// a filtered GROUP BY with HAVING (bound parameters; the conjuncts in the other order; literals instead of parameters),
    /// and one GROUP BY over every row with the condition in a FILTER clause. The benchmark times the first (the fastest or
    /// within noise of it in every profiles run); the profiles mode times all and compares against the fastest.
    /// </summary>
    internal static readonly (string Name, string Sql)[] ColdSqlVariants =
    [
        ("where+having", """
            SELECT "user" FROM events WHERE "event" = $ev AND "time" > $lo AND "time" <= $asof
            GROUP BY "user" HAVING count(*) >= 2
            """),
        ("time-first where+having", """
            SELECT "user" FROM events WHERE "time" > $lo AND "time" <= $asof AND "event" = $ev
            GROUP BY "user" HAVING count(*) >= 2
            """),
        ("where+having, literals", """
            SELECT "user" FROM events WHERE "event" = 'purchase' AND "time" > {lo} AND "time" <= {asof}
            GROUP BY "user" HAVING count(*) >= 2
            """),
        ("group-all filter", """
            SELECT "user" FROM events GROUP BY "user"
            HAVING count(*) FILTER (WHERE "event" = $ev AND "time" > $lo AND "time" <= $asof) >= 2
            """),
    ];

    internal static long ColdSql(EventTable table, EventDatabase duck) => ColdSql(table, duck, ColdSqlVariants[0].Sql);

    internal static long ColdSql(EventTable table, EventDatabase duck, string sql) => duck.Run(Literals(table, sql), ColdParameters(table), Drain);

    /// <summary>The dense user indexes the SQL returns.</summary>
    internal static HashSet<int> ColdSqlUsers(EventTable table, EventDatabase duck, string sql) => duck.Run(Literals(table, sql), ColdParameters(table), r =>
    {
        var users = new HashSet<int>();
        while (r.Read()) users.Add(Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture));
        return users;
    });

    /// <summary>Writes the window's bounds into the SQL as timestamp literals where it has {lo} and {asof}.</summary>
    private static string Literals(EventTable table, string sql)
    {
        var p = ColdParameters(table);
        static string Ts(object? t) => "TIMESTAMP '" + ((DateTime)t!).ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + "'";
        return sql.Replace("{lo}", Ts(p["lo"]), StringComparison.Ordinal).Replace("{asof}", Ts(p["asof"]), StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> ColdParameters(EventTable table)
    {
        var asOf = table.MaxTime!.Value;
        return new Dictionary<string, object?> { ["ev"] = "purchase", ["lo"] = TimeZones.ToDateTime(asOf - 30 * TimeZones.MicrosPerDay), ["asof"] = TimeZones.ToDateTime(asOf) };
    }

    /// <summary>The default tag set as DuckDB GROUP BY queries (activity days, buyer, cart abandoner, lifecycle, RFM segment), every user row read back.</summary>
    internal static long DefaultTagsSql(EventTable table, EventDatabase duck)
    {
        var asOf = table.MaxTime!.Value;
        var d = TimeZones.LocalDate(asOf, TimeZoneInfo.Utc);
        var cur = d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        var p = new Dictionary<string, object?>
        {
            ["asof"] = TimeZones.ToDateTime(asOf),
            ["lo30"] = TimeZones.ToDateTime(asOf - 30 * TimeZones.MicrosPerDay),
            ["lo7"] = TimeZones.ToDateTime(asOf - 7 * TimeZones.MicrosPerDay),
            ["cur"] = TimeZones.ToDateTime(TimeZones.StartOfLocalDate(cur, TimeZoneInfo.Utc)),
            ["prev"] = TimeZones.ToDateTime(TimeZones.StartOfLocalDate(cur.AddDays(-7), TimeZoneInfo.Utc)),
            ["ref"] = d.AddDays(1).ToDateTime(TimeOnly.MinValue),
            ["buy"] = table.Roles.Purchase, ["cart"] = table.Roles.Cart,
        };
        long rows = 0;
        rows += duck.Run("""
            SELECT "user", CASE WHEN n >= 10 THEN 'high' WHEN n >= 3 THEN 'medium' WHEN n >= 1 THEN 'low' ELSE 'dormant' END
            FROM (SELECT "user", count(DISTINCT CAST("time" AS DATE)) FILTER (WHERE "time" > $lo30) AS n FROM events WHERE "time" <= $asof GROUP BY "user")
            """, p, Drain);
        rows += duck.Run("""SELECT DISTINCT "user" FROM events WHERE "event" = $buy AND "time" <= $asof""", p, Drain);
        rows += duck.Run("""
            SELECT "user" FROM events WHERE "time" <= $asof GROUP BY "user"
            HAVING max("time") FILTER (WHERE "event" = $cart AND "time" > $lo7) > coalesce(max("time") FILTER (WHERE "event" = $buy), TIMESTAMP '0001-01-01')
            """, p, Drain);
        rows += duck.Run("""
            SELECT "user", CASE WHEN first >= $cur THEN 'new' WHEN now AND prev THEN 'returning' WHEN now AND before THEN 'resurrecting' WHEN NOT now AND prev THEN 'dormant' END
            FROM (SELECT "user", min("time") AS first, bool_or("time" >= $cur) AS now, bool_or("time" >= $prev AND "time" < $cur) AS prev, bool_or("time" < $prev) AS before
                  FROM events WHERE "time" <= $asof GROUP BY "user")
            """, p, Drain);
        rows += duck.Run("""
            WITH u AS (SELECT "user", date_diff('day', CAST(max("time") AS DATE), CAST($ref AS DATE)) AS r, count(*) AS f, coalesce(sum(revenue), 0) AS m
                       FROM events WHERE "event" = $buy AND "time" <= $asof GROUP BY "user"),
                 s AS (SELECT *, count(*) OVER () AS n, sum(r) OVER () AS sr, sum(f) OVER () AS sf, sum(m) OVER () AS sm FROM u)
            SELECT "user", n * r < sr, n * f > sf, n * m > sm FROM s
            """, p, Drain);
        return rows;
    }

    private static long Drain(System.Data.Common.DbDataReader r)
    {
        long n = 0;
        while (r.Read()) n++;
        return n;
    }
}
