using Columnar.Query;
using Columnar.Sql;

namespace Columnar.Analytics.Paths;

/// <summary>The readable DuckDB SQL version of paths: the oracle and the <see cref="Engine.DuckDb"/> engine.</summary>
/// <remarks>
/// <c>seq</c> numbers the rows in (user, time, arrival) order, so a user's next row is <c>seq + 1</c> when it has the same user.
/// The date range keeps a contiguous run of each user's rows (times are sorted within a user), so when the neighbour of an
/// in-range anchor is out of range, no in-range neighbour exists either, and the join on <c>seq ± 1</c> inside <c>ev</c> is exact.
/// It is the same answer as <c>lead("event") OVER (PARTITION BY "user" ORDER BY seq)</c>, without sorting every partition.
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
        var sql = $"""
            WITH {scope.EventsCte(p)},
            anchors AS (SELECT "user", seq, "time" FROM ev WHERE "event" = $anchor),
            -- the {(next ? "next" : "previous")} row of the same user, in (time, arrival) order
            steps AS (
                SELECT a."user", n."event" AS other
                FROM anchors AS a JOIN ev AS n ON n.seq = a.seq {(next ? "+" : "-")} 1 AND n."user" = a."user"{gap}
            )
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
        var copy = scope.Table.GetEngineState(t => new DuckDbCopy(t));
        return copy.Run(sql, p, r =>
        {
            var edges = new List<PathCount>();
            long anchorEvents = 0, anchorUsers = 0;
            while (r.Read())
            {
                if (r.IsDBNull(0))
                {
                    anchorEvents = DuckDbCopy.Int64(r, 1);
                    anchorUsers = DuckDbCopy.Int64(r, 2);
                }
                else edges.Add(new PathCount(r.GetString(0), DuckDbCopy.Int64(r, 1), DuckDbCopy.Int64(r, 2)));
            }
            return new PathCounts(edges, anchorEvents, anchorUsers);
        });
    }
}
