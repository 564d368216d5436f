using Columnar.Query;
using Columnar.Sql;

namespace Columnar.Analytics.Paths;

/// <summary>The readable DuckDB SQL version of paths: the oracle and the <see cref="Engine.DuckDb"/> engine.</summary>
/// <remarks>
/// <c>seq</c> numbers the rows in (user, time, arrival) order, so a user's next row is <c>seq + 1</c> when it has the same user.
/// The date range and a user set keep a contiguous run of each user's rows (times are sorted within a user), so when the
/// neighbour of an in-scope anchor is out of scope, no in-scope neighbour exists either, and the join on <c>seq ± 1</c> inside
/// <c>ev</c> is exact; it is about twice as fast as a window function at 10M rows. Row filters (<c>Where</c>) can remove rows
/// from the middle of a run, so with them the neighbour is <c>lead</c>/<c>lag</c> over the user's remaining rows instead.
/// </remarks>
internal static class PathsSql
{
    public static (string Sql, Dictionary<string, object?> Parameters) Compile(QueryScope scope, PathsDefinition definition)
    {
        var p = new Dictionary<string, object?> { ["anchor"] = definition.Event };
        var next = definition.Direction == PathDirection.Next;
        var gap = "";
        if (definition.SessionTimeoutMicros is { } timeout)
        {
            p["timeout_us"] = timeout;
            gap = next
                ? "\n      AND epoch_us(n.\"time\") - epoch_us(a.\"time\") <= $timeout_us"
                : "\n      AND epoch_us(a.\"time\") - epoch_us(n.\"time\") <= $timeout_us";
        }
        var op = next ? "+" : "-";
        var neighbours = scope.Filters.Count == 0
            ? $"""
                -- the {(next ? "next" : "previous")} row of the same user, in (time, arrival) order
                steps AS (
                    SELECT a."user", n."event" AS other
                    FROM anchors AS a JOIN ev AS n ON n.seq = a.seq {op} 1 AND n."user" = a."user"{gap}
                )
                """
            : $"""
                -- the {(next ? "next" : "previous")} remaining row of the same user, in (time, arrival) order
                paired AS (
                    SELECT "user", "event", "time",
                           {(next ? "lead" : "lag")}("event") OVER w AS other, {(next ? "lead" : "lag")}("time") OVER w AS other_time
                    FROM ev WINDOW w AS (PARTITION BY "user" ORDER BY seq)
                ),
                steps AS (
                    SELECT a."user", a.other FROM paired AS a
                    WHERE a."event" = $anchor AND a.other IS NOT NULL{gap.Replace("n.\"time\"", "a.other_time")}
                )
                """;
        var sql = $"""
            WITH {scope.EventsCte(p)},
            anchors AS (SELECT "user", seq, "time" FROM ev WHERE "event" = $anchor),
            {neighbours}
            SELECT other, count(*) AS transitions, count(DISTINCT "user") AS users FROM steps GROUP BY other
            UNION ALL
            -- the anchor's occurrences and users (other is NULL)
            SELECT NULL, count(*), count(DISTINCT "user") FROM anchors
            """;
        return (sql, p);
    }

    public static PathCounts Run(QueryScope scope, PathsDefinition definition)
    {
        var (sql, p) = Compile(scope, definition);
        var database = scope.Table.GetEngineState(t => new EventDatabase(t));
        return database.Run(sql, p, r =>
        {
            var edges = new List<PathCount>();
            long anchorEvents = 0, anchorUsers = 0;
            while (r.Read())
            {
                if (r.IsDBNull(0))
                {
                    anchorEvents = EventDatabase.Int64(r, 1);
                    anchorUsers = EventDatabase.Int64(r, 2);
                }
                else edges.Add(new PathCount(r.GetString(0), EventDatabase.Int64(r, 1), EventDatabase.Int64(r, 2)));
            }
            return new PathCounts(edges, anchorEvents, anchorUsers);
        });
    }
}
