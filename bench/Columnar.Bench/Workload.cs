using System.Globalization;
using System.Text;
using Columnar.Analytics;
using Columnar.Analytics.Funnels;
using Columnar.Analytics.Paths;
using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Analytics.Sessions;
using Columnar.Query;
using DuckDB.NET.Data;

namespace Columnar.Bench;

/// <summary>
/// One analysis of the compare workload, in three forms that must agree:
/// <list type="bullet">
/// <item><see cref="Run"/>: the fluent query, on either engine of an <see cref="EventQuery"/> (Columnar's kernels, or the
/// Engine.DuckDb oracle SQL over the zero-copy registration of the same table);</item>
/// <item><see cref="NativeSql"/>: SQL written by hand, the way a DuckDB user would, over DuckDB's own table loaded from the
/// same Parquet file (<c>events</c>: user_id, time, event_name, country, device, channel, revenue, file_row_number);</item>
/// <item><see cref="Canonical"/> / <see cref="NativeCanonical"/>: a full fingerprint of each result, so the engines are checked
/// equal on every number the analysis returns, not just a summary.</item>
/// </list>
/// The timed part of the native run is executing the SQL and reading every row into memory; the fingerprint is built after.
/// </summary>
internal sealed record Workload(
    string Name,
    Func<EventQuery, object> Run,
    Func<object, string> Canonical,
    string NativeSql,
    Func<List<object?[]>, string> NativeCanonical)
{
    private const long Day = 86_400_000_000L;
    private const long Hour = 3_600_000_000L;

    /// <summary>The five analyses of issue 3's comparison.</summary>
    public static Workload[] All =>
    [
        new("funnel 4 steps, 24 h, by device",
            q => q.Funnel("page_view", "view_item", "add_to_cart", "purchase").Within(TimeSpan.FromHours(24)).BreakdownBy("device").Run(),
            r => FunnelCanonical((FunnelResult)r),
            FunnelNativeSql,
            rows => FunnelNativeCanonical(rows)),
        new("sessions 30 min",
            q => q.Sessions().Run(),
            r => SessionsCanonical((SessionsResult)r),
            SessionsNativeSql,
            rows => SessionsNativeCanonical(rows)),
        new("retention daily x 30",
            q => q.Retention().By(CalendarPeriod.Day).Periods(30).Run(),
            r => RetentionCanonical((RetentionResult)r),
            RetentionNativeSql,
            rows => RetentionNativeCanonical(rows)),
        new("rfm",
            q => q.Rfm().Run(),
            r => RfmCanonical((RfmResult)r),
            RfmNativeSql,
            rows => RfmNativeCanonical(rows)),
        new("paths: top 10 after view_item",
            q => q.Paths("view_item").Run(),
            r => PathsCanonical((PathsResult)r),
            PathsNativeSql,
            rows => PathsNativeCanonical(rows)),
    ];

    /// <summary>Executes <paramref name="sql"/> and reads every row of its result (the timed part of a native run).</summary>
    public static List<object?[]> Fetch(DuckDBConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var reader = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    private static long L(object? v) => Convert.ToInt64(v, CultureInfo.InvariantCulture);

    private static string Dec(decimal d) => d.ToString("0.############################", CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- funnel

    /// <summary>
    /// The ASOF-join chain. Each page_view starts an attempt; step j takes the earliest step-j event at or after step j−1
    /// (equal times chain, DESIGN §4). Exact here because the four step names are distinct, so one event can never be wanted
    /// by two steps of an attempt and "earliest unused" is "earliest" (with repeated step names this formulation overcounts;
    /// the Engine.DuckDb oracle handles that case with ranks). If the earliest step-j event is outside the window, no later
    /// one is inside it, so the chain stops correctly. The synthetic preset maps no order column, so no purchase dedup applies.
    /// Attribution: the device of the step-1 event of the earliest attempt (time, then file order) reaching the deepest step.
    /// </summary>
    private static readonly string FunnelNativeSql = $"""
        WITH e AS (
            SELECT user_id, epoch_us("time") AS t, event_name, device, file_row_number AS fr
            FROM events WHERE event_name IN ('page_view', 'view_item', 'add_to_cart', 'purchase')
        ),
        s1 AS (SELECT user_id, t AS t1, coalesce(device, chr(0)) AS device, fr FROM e WHERE event_name = 'page_view'),
        s2 AS (SELECT user_id, t FROM e WHERE event_name = 'view_item'),
        s3 AS (SELECT user_id, t FROM e WHERE event_name = 'add_to_cart'),
        s4 AS (SELECT user_id, t FROM e WHERE event_name = 'purchase'),
        a2 AS (SELECT a.*, b.t AS t2 FROM s1 AS a ASOF LEFT JOIN s2 AS b ON a.user_id = b.user_id AND b.t >= a.t1),
        a3 AS (SELECT a.*, b.t AS t3 FROM a2 AS a ASOF LEFT JOIN s3 AS b ON a.user_id = b.user_id AND b.t >= a.t2),
        a4 AS (SELECT a.*, b.t AS t4 FROM a3 AS a ASOF LEFT JOIN s4 AS b ON a.user_id = b.user_id AND b.t >= a.t3),
        attempts AS (
            SELECT user_id, device, t1, fr,
                   CASE WHEN t4 - t1 <= {24 * Hour} THEN 4 WHEN t3 - t1 <= {24 * Hour} THEN 3
                        WHEN t2 - t1 <= {24 * Hour} THEN 2 ELSE 1 END AS depth
            FROM a4
        ),
        users AS (SELECT user_id, max(depth) AS depth, arg_min(device, [-depth, t1, fr]) AS device FROM attempts GROUP BY user_id)
        SELECT device, depth, count(*) AS users FROM users GROUP BY device, depth
        """;

    private static string FunnelCanonical(FunnelResult r) => string.Join("|", r.Breakdown
        .OrderBy(b => b.Label, StringComparer.Ordinal)
        .Select(b => b.Label + ":" + string.Join(",", b.Steps.Select(s => s.Users))));

    private static string FunnelNativeCanonical(List<object?[]> rows)
    {
        var byLabel = new SortedDictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var device = (string)row[0]!;
            var label = device == "\0" ? FunnelResult.NoneLabel : device;
            if (!byLabel.TryGetValue(label, out var atDepth)) byLabel[label] = atDepth = new long[5];
            atDepth[L(row[1])] += L(row[2]);
        }
        // n_k = users whose deepest step is at least k
        return string.Join("|", byLabel.Select(kv =>
            kv.Key + ":" + string.Join(",", Enumerable.Range(1, 4).Select(k => kv.Value.Skip(k).Sum()))));
    }

    // ---------------------------------------------------------------- sessions

    /// <summary>
    /// One window pass (lag and lead over the same partition and order) marks each event that starts or ends a session; only
    /// those rows (about two per session) go through a second, much smaller window that pairs each end with its start.
    /// </summary>
    private static readonly string SessionsNativeSql = $"""
        WITH f AS (
            SELECT user_id, fr, t,
                   t - lag(t) OVER w AS gap_before,
                   lead(t) OVER w - t AS gap_after
            FROM (SELECT user_id, file_row_number AS fr, epoch_us("time") AS t FROM events)
            WINDOW w AS (PARTITION BY user_id ORDER BY t, fr)
        ),
        edges AS (
            SELECT user_id, fr, t,
                   gap_before IS NULL OR gap_before > {30 * 60_000_000L} AS starts,
                   gap_after IS NULL OR gap_after > {30 * 60_000_000L} AS ends
            FROM f
            WHERE gap_before IS NULL OR gap_before > {30 * 60_000_000L} OR gap_after IS NULL OR gap_after > {30 * 60_000_000L}
        ),
        sessions AS (
            SELECT CASE WHEN starts THEN 0 ELSE t - lag(t) OVER (PARTITION BY user_id ORDER BY t, fr) END AS duration_us,
                   starts AND ends AS bounce, ends
            FROM edges
        )
        SELECT count(*) AS sessions, count(*) FILTER (WHERE bounce) AS bounces,
               CAST(sum(duration_us) AS BIGINT) AS total_us, median(duration_us) AS median_us,
               (SELECT count(*) FROM events) AS events, (SELECT count(DISTINCT user_id) FROM events) AS users,
               {string.Join(", ", Enumerable.Range(0, 8).Select(i => $"count(*) FILTER (WHERE bucket = {i})"))}
        FROM (
            SELECT duration_us, bounce,
                   {SessionBucketSql} AS bucket
            FROM sessions WHERE ends
        )
        """;

    /// <summary>The session-length histogram edges of <see cref="SessionsResult.Histogram"/>, as a bucket index.</summary>
    private static string SessionBucketSql
    {
        get
        {
            // 0 s; (0, 10 s); [10 s, 1 min); [1, 5 min); [5, 15 min); [15, 30 min); [30 min, 1 h); ≥ 1 h
            var edges = new[] { 10L, 60, 300, 900, 1800, 3600 };
            var sb = new StringBuilder("CASE WHEN duration_us = 0 THEN 0");
            for (var i = 0; i < edges.Length; i++) sb.Append($" WHEN duration_us < {edges[i] * 1_000_000L} THEN {i + 1}");
            sb.Append($" ELSE {edges.Length + 1} END");
            return sb.ToString();
        }
    }

    private static string SessionsCanonical(SessionsResult r) =>
        $"{r.Sessions}/{r.Bounces}/{r.TotalDurationMicros}/{r.MedianDurationSeconds:0.000000}/{r.Events}/{r.Users}/" +
        string.Join(",", r.Histogram.Select(b => $"{b.MinSeconds}-{b.MaxSeconds}:{b.Sessions}"));

    private static string SessionsNativeCanonical(List<object?[]> rows)
    {
        var row = rows[0];
        var median = Convert.ToDouble(row[3], CultureInfo.InvariantCulture) / 1e6;
        var counts = Enumerable.Range(6, 8).Select(i => L(row[i])).ToArray();
        var bounds = new (double Min, double? Max)[] { (0, 0), (0, 10), (10, 60), (60, 300), (300, 900), (900, 1800), (1800, 3600), (3600, null) };
        return $"{L(row[0])}/{L(row[1])}/{L(row[2])}/{median:0.000000}/{L(row[4])}/{L(row[5])}/" +
               string.Join(",", bounds.Select((b, i) => $"{b.Min}-{b.Max}:{counts[i]}"));
    }

    // ---------------------------------------------------------------- retention

    /// <summary>
    /// Distinct (user, UTC day) pairs, each user's first day by a window min, and a count per (cohort, offset).
    /// Cells after the last day of the data are empty (DESIGN §4); the fingerprint applies that rule to both sides.
    /// </summary>
    private const string RetentionNativeSql = """
        WITH d AS (SELECT user_id, CAST("time" AS DATE) AS day FROM events GROUP BY ALL),
        c AS (SELECT day, min(day) OVER (PARTITION BY user_id) AS cohort FROM d)
        SELECT CAST(cohort AS VARCHAR) AS cohort, day - cohort AS k, count(*) AS users,
               (SELECT CAST(max(CAST("time" AS DATE)) AS VARCHAR) FROM events) AS last_day
        FROM c WHERE day - cohort < 30 GROUP BY ALL
        """;

    private static string RetentionCanonical(RetentionResult r) => string.Join("|", r.Cohorts.Select(c =>
        $"{c.Start:yyyy-MM-dd}:{c.Size}:" + string.Join(",", c.Cells.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "-"))));

    private static string RetentionNativeCanonical(List<object?[]> rows)
    {
        if (rows.Count == 0) return "";
        var last = DateOnly.ParseExact((string)rows[0][3]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var cohorts = new SortedDictionary<DateOnly, long[]>();
        foreach (var row in rows)
        {
            var start = DateOnly.ParseExact((string)row[0]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (!cohorts.TryGetValue(start, out var cells)) cohorts[start] = cells = new long[30];
            cells[L(row[1])] = L(row[2]);
        }
        return string.Join("|", cohorts.Select(kv => $"{kv.Key:yyyy-MM-dd}:{kv.Value[0]}:" + string.Join(",",
            kv.Value.Select((v, k) => kv.Key.AddDays(k) > last ? "-" : v.ToString(CultureInfo.InvariantCulture)))));
    }

    // ---------------------------------------------------------------- RFM

    /// <summary>
    /// Per purchaser R (whole days from the last purchase's UTC date to the reference date = last event's date + 1), F (purchase
    /// rows; the synthetic preset maps no order column) and M (revenue, null as 0); scores from rank() (ties get their lowest
    /// rank) as 1 + floor(5(r−1)/n); the segment from exact comparisons with the means (n·x against Σx). Every row is fetched.
    /// </summary>
    private const string RfmNativeSql = """
        WITH p AS (
            SELECT user_id,
                   (SELECT CAST(max("time") AS DATE) + 1 FROM events) - CAST(max("time") AS DATE) AS r,
                   count(*) AS f, CAST(coalesce(sum(revenue), 0) AS DECIMAL(38, 2)) AS m
            FROM events WHERE event_name = 'purchase' GROUP BY user_id
        ),
        s AS (
            SELECT *, count(*) OVER () AS n, sum(r) OVER () AS sr, sum(f) OVER () AS sf, sum(m) OVER () AS sm,
                   rank() OVER (ORDER BY r DESC) AS rr, rank() OVER (ORDER BY f) AS frk, rank() OVER (ORDER BY m) AS mr
            FROM p
        )
        SELECT user_id, r, f, m,
               1 + (5 * (rr - 1)) // n AS r_score, 1 + (5 * (frk - 1)) // n AS f_score, 1 + (5 * (mr - 1)) // n AS m_score,
               n * r < sr AS recent, n * f > sf AS high_f, n * m > sm AS high_m
        FROM s ORDER BY user_id
        """;

    private static string RfmCanonical(RfmResult r) => string.Join("\n", r.Users.Select(u =>
        $"{u.UserId}:{u.R}:{u.F}:{Dec(u.M)}:{u.RScore}{u.FScore}{u.MScore}:{u.Segment}"));

    private static string RfmNativeCanonical(List<object?[]> rows) => string.Join("\n", rows.Select(row =>
        $"{L(row[0])}:{L(row[1])}:{L(row[2])}:{Dec(Convert.ToDecimal(row[3], CultureInfo.InvariantCulture))}:{L(row[4])}{L(row[5])}{L(row[6])}:" +
        RfmSegment.Of((bool)row[7]!, (bool)row[8]!, (bool)row[9]!).Key));

    // ---------------------------------------------------------------- paths

    /// <summary>
    /// The next event of the same user in (time, file order) by lead(), counted per next event with distinct users, ranked
    /// by transitions, then users, then name; plus the anchor's occurrences and users.
    /// </summary>
    private const string PathsNativeSql = """
        WITH n AS (
            SELECT user_id, event_name, lead(event_name) OVER (PARTITION BY user_id ORDER BY "time", file_row_number) AS nxt
            FROM events
        ),
        a AS (SELECT user_id, nxt FROM n WHERE event_name = 'view_item')
        SELECT * FROM (
            SELECT nxt, count(*) AS transitions, count(DISTINCT user_id) AS users FROM a WHERE nxt IS NOT NULL GROUP BY nxt
            ORDER BY transitions DESC, users DESC, nxt LIMIT 10
        )
        UNION ALL
        SELECT NULL, count(*), count(DISTINCT user_id) FROM a
        """;

    private static string PathsCanonical(PathsResult r) =>
        $"{r.AnchorEvents}/{r.AnchorUsers}|" + string.Join("|", r.Edges.Select(e => $"{e.To}:{e.Transitions}:{e.Users}"));

    private static string PathsNativeCanonical(List<object?[]> rows)
    {
        var anchor = rows.Single(r => r[0] is null);
        var edges = rows.Where(r => r[0] is not null)
            .OrderByDescending(r => L(r[1])).ThenByDescending(r => L(r[2])).ThenBy(r => (string)r[0]!, StringComparer.Ordinal);
        return $"{L(anchor[1])}/{L(anchor[2])}|" + string.Join("|", edges.Select(r => $"{r[0]}:{L(r[1])}:{L(r[2])}"));
    }
}
