using Columnar.Query;
using Columnar.Sql;

namespace Columnar.Analytics.Sessions;

/// <summary>The readable DuckDB SQL version of sessions: the oracle and the <see cref="Engine.DuckDb"/> engine.</summary>
internal static class SessionsSql
{
    public static (string Sql, Dictionary<string, object?> Parameters) Compile(QueryScope scope, SessionsDefinition definition)
    {
        var p = new Dictionary<string, object?> { ["timeout_us"] = definition.TimeoutMicros };
        var buckets = string.Join(",\n       ", SessionsRunner.Buckets.Select((b, i) =>
            $"count(*) FILTER (WHERE {BucketPredicate(b.Min, b.Max)}) AS bucket_{i}"));
        var sql = $"""
            WITH {scope.EventsCte(p)},
            gaps AS (
                SELECT "user", seq, epoch_us("time") AS t,
                       epoch_us("time") - lag(epoch_us("time")) OVER (PARTITION BY "user" ORDER BY seq) AS gap
                FROM ev
            ),
            numbered AS (
                SELECT "user", t,
                       sum(CASE WHEN gap IS NULL OR gap > $timeout_us THEN 1 ELSE 0 END)
                           OVER (PARTITION BY "user" ORDER BY seq ROWS UNBOUNDED PRECEDING) AS session
                FROM gaps
            ),
            sessions AS (
                SELECT "user", session, count(*) AS events, max(t) - min(t) AS duration_us
                FROM numbered GROUP BY "user", session
            )
            SELECT count(*) AS sessions, count(DISTINCT "user") AS users, CAST(coalesce(sum(events), 0) AS BIGINT) AS events,
                   CAST(coalesce(sum(duration_us), 0) AS BIGINT) AS total_duration_us, median(duration_us) AS median_duration_us,
                   count(*) FILTER (WHERE events = 1) AS bounces,
                   {buckets}
            FROM sessions
            """;
        return (sql, p);
    }

    private static string BucketPredicate(double min, double? max) => max switch
    {
        0 => "duration_us = 0",
        null => $"duration_us >= {(long)(min * 1e6)}",
        _ when min == 0 => $"duration_us > 0 AND duration_us < {(long)(max.Value * 1e6)}",
        _ => $"duration_us >= {(long)(min * 1e6)} AND duration_us < {(long)(max.Value * 1e6)}",
    };

    public static SessionsResult Run(QueryScope scope, SessionsDefinition definition)
    {
        var (sql, p) = Compile(scope, definition);
        var copy = scope.Table.GetEngineState(t => new EventDatabase(t));
        return copy.Run(sql, p, r =>
        {
            r.Read();
            var counts = new long[SessionsRunner.Buckets.Length];
            for (var i = 0; i < counts.Length; i++) counts[i] = EventDatabase.Int64(r, 6 + i);
            double? median = r.IsDBNull(4) ? null : r.GetDouble(4);
            return new SessionsResult(definition, EventDatabase.Int64(r, 0), EventDatabase.Int64(r, 1), EventDatabase.Int64(r, 2),
                EventDatabase.Int64(r, 3), median, EventDatabase.Int64(r, 5), SessionsRunner.Shape(counts));
        });
    }
}
