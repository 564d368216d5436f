using System.Text;
using Columnar.Query;
using Columnar.Sql;

namespace Columnar.Analytics.Funnels;

/// <summary>
/// The readable DuckDB SQL version of the ordered funnel: the oracle and the <see cref="Engine.DuckDb"/> engine.
/// </summary>
/// <remarks>
/// Each step-1 event starts an attempt, matched greedily: step j takes the earliest unused event named s_j that is not
/// before step j−1 and at most the window after step 1. Taking the earliest is optimal (an exchange argument: any deeper
/// matching can swap its step-j event for the earliest one). Ranking each name's events per user by (time, seq), the ranks
/// an attempt uses for one name increase from step to step, and every unused event of that name below the last used rank
/// is earlier than t_(j−1); so "earliest unused, not before t_(j−1)" is the rank
/// max(first rank at or after t_(j−1), last rank used for that name in the attempt + 1). The first rank at or
/// after a time is an ASOF join on one row per (user, name, instant), so equal timestamps cost no quadratic work.
/// (A step-1 event that is not the first of its name at its instant may skip an equal-time event ranked below it; the
/// attempt from the first one matches at least as deep and is earlier, so depths and attribution are unchanged.)
/// </remarks>
internal static class FunnelSql
{
    public static (string Sql, Dictionary<string, object?> Parameters) Compile(QueryScope scope, FunnelPlan plan)
    {
        var p = new Dictionary<string, object?> { ["window_us"] = plan.WindowMicros };
        var steps = plan.Steps;
        var firstParam = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var j = 0; j < steps.Count; j++)
        {
            p[$"step_{j + 1}"] = steps[j];
            firstParam.TryAdd(steps[j], $"$step_{j + 1}");
        }
        var names = string.Join(", ", firstParam.Values);
        var breakdown = plan.Breakdown is { } b ? $"CAST({SqlText.Ident(b.Name)} AS VARCHAR)" : "CAST(NULL AS VARCHAR)";

        string kept;
        if (plan.Order is { } order && plan.Purchase is { } purchase)
        {
            p["purchase"] = purchase;
            var o = SqlText.Ident(order.Name);
            kept = $"""
                -- purchases count once per order id: the first row (by seq) of each (user, order); rows without an order id each count
                kept AS (
                    SELECT * FROM ev
                    WHERE "event" IN ({names})
                    QUALIFY "event" <> $purchase OR {o} IS NULL
                         OR row_number() OVER (PARTITION BY "user", "event", {o} ORDER BY seq) = 1
                ),
                """;
        }
        else
        {
            kept = $"""
                kept AS (SELECT * FROM ev WHERE "event" IN ({names})),
                """;
        }

        var sb = new StringBuilder();
        sb.AppendLine($"WITH {scope.EventsCte(p)},");
        sb.AppendLine(kept);
        sb.AppendLine("""
            -- r: the rank of the event among the user's events of the same name, in (time, seq) order
            fe AS (
                SELECT "user", "event", epoch_us("time") AS t, seq, {BD} AS bd,
                       row_number() OVER (PARTITION BY "user", "event" ORDER BY seq) AS r
                FROM kept
            ),
            -- the first rank of each name at each instant: the ASOF target for "earliest at or after t"
            instants AS (SELECT "user", "event", t, min(r) AS r FROM fe GROUP BY "user", "event", t),
            -- every step-1 event starts an attempt
            a1 AS (SELECT "user", seq AS start_seq, t AS t1, t AS t_1, r AS r_1 FROM fe WHERE "event" = $step_1),
            """.Replace("{BD}", breakdown));
        for (var j = 2; j <= steps.Count; j++)
        {
            var prevSame = LastIndexBefore(steps, j);
            var rank = prevSame == 0 ? "g.r" : $"greatest(g.r, a.r_{prevSame} + 1)";
            sb.AppendLine($"""
                a{j} AS (
                    SELECT a.*, m.t AS t_{j}, m.r AS r_{j}
                    FROM a{j - 1} AS a
                    ASOF JOIN (SELECT "user", t, r FROM instants WHERE "event" = $step_{j}) AS g
                        ON a."user" = g."user" AND a.t_{j - 1} <= g.t
                    JOIN fe AS m ON m."user" = a."user" AND m."event" = $step_{j} AND m.r = {rank}
                    WHERE m.t - a.t1 <= $window_us
                ),
                """);
        }
        var reach = string.Join("\n    UNION ALL ", Enumerable.Range(1, steps.Count)
            .Select(j => $"SELECT \"user\", {j} AS depth, min(start_seq) AS start_seq FROM a{j} GROUP BY \"user\""));
        sb.Append($"""
            -- per user and depth: the earliest attempt (by its step-1 event) reaching at least that depth
            reach AS (
                {reach}
            ),
            -- each user's deepest step, and the earliest attempt reaching it
            deepest AS (SELECT "user", max(depth) AS depth, arg_max(start_seq, depth) AS start_seq FROM reach GROUP BY "user")
            SELECT fe.bd, d.depth, count(*) AS users
            FROM deepest AS d JOIN fe ON fe.seq = d.start_seq
            GROUP BY fe.bd, d.depth ORDER BY fe.bd, d.depth
            """);
        return (sb.ToString(), p);
    }

    /// <summary>The 1-based index of the last step before step <paramref name="j"/> with the same name, or 0.</summary>
    private static int LastIndexBefore(IReadOnlyList<string> steps, int j)
    {
        for (var i = j - 1; i >= 1; i--)
            if (steps[i - 1] == steps[j - 1]) return i;
        return 0;
    }

    public static FunnelResult Run(QueryScope scope, FunnelDefinition definition, FunnelPlan plan)
    {
        var (sql, p) = Compile(scope, plan);
        var copy = scope.Table.GetEngineState(t => new EventDatabase(t));
        var depths = copy.Run(sql, p, r =>
        {
            var list = new List<(string?, int, long)>();
            while (r.Read())
                list.Add((r.IsDBNull(0) ? null : r.GetString(0), (int)EventDatabase.Int64(r, 1), EventDatabase.Int64(r, 2)));
            return list;
        });
        return FunnelRunner.Shape(definition, plan, depths);
    }
}
