using Columnar.Query;
using Columnar.Sql;

namespace Columnar.Analytics.Retention;

/// <summary>The readable DuckDB SQL version of "on" retention: the oracle and the <see cref="Engine.DuckDb"/> engine.</summary>
internal static class RetentionSql
{
    /// <summary>SQL for the first local date of the period containing local date <paramref name="date"/>.</summary>
    private static string PeriodStart(CalendarPeriod period, string date) => period switch
    {
        CalendarPeriod.Day => date,
        CalendarPeriod.Week => $"CAST(date_trunc('week', {date}) AS DATE)",
        _ => $"CAST(date_trunc('month', {date}) AS DATE)",
    };

    /// <summary>SQL for a consecutive integer number of the period starting on <paramref name="start"/>, so period k after p is p + k.</summary>
    private static string PeriodNumber(CalendarPeriod period, string start) => period switch
    {
        CalendarPeriod.Day => $"({start} - DATE '1970-01-01')",
        // 1970-01-05 is a Monday, and start is a Monday, so the division is exact.
        CalendarPeriod.Week => $"(({start} - DATE '1970-01-05') // 7)",
        _ => $"(year({start}) * 12 + month({start}) - 1)",
    };

    public static (string Sql, Dictionary<string, object?> Parameters) Compile(QueryScope scope, RetentionDefinition definition)
    {
        var p = new Dictionary<string, object?> { ["periods"] = definition.ResolvedPeriods };
        var startFilter = "";
        if (definition.StartEvent is { } s)
        {
            startFilter = "\n    WHERE \"event\" = $start_event";
            p["start_event"] = s;
        }
        var returnFilter = "";
        if (definition.ReturnEvent is { } r)
        {
            returnFilter = "\n    WHERE \"event\" = $return_event";
            p["return_event"] = r;
        }
        var sql = $"""
            WITH {scope.EventsCte(p)},
            local_periods AS (
                SELECT "user", "event", {PeriodStart(definition.Period, scope.LocalDateSql())} AS period_start
                FROM ev
            ),
            periods AS (
                SELECT "user", "event", period_start, {PeriodNumber(definition.Period, "period_start")} AS period
                FROM local_periods
            ),
            last_period AS (
                SELECT max(period) AS period, max(period_start) AS period_start FROM periods
            ),
            cohort_of AS (
                SELECT "user", min(period) AS cohort, min(period_start) AS cohort_start
                FROM periods{startFilter}
                GROUP BY "user"
            ),
            cohorts AS (
                SELECT cohort, cohort_start, count(*) AS size FROM cohort_of GROUP BY cohort, cohort_start
            ),
            returns AS (
                SELECT DISTINCT "user", period FROM periods{returnFilter}
            ),
            returned AS (
                SELECT c.cohort, r.period - c.cohort AS k, count(*) AS users
                FROM cohort_of c JOIN returns r ON r."user" = c."user"
                WHERE r.period > c.cohort AND r.period - c.cohort < $periods
                GROUP BY c.cohort, r.period - c.cohort
            )
            SELECT c.cohort_start, c.size, g.k,
                   CASE WHEN g.k = 0 THEN c.size
                        WHEN c.cohort + g.k > (SELECT period FROM last_period) THEN NULL
                        ELSE coalesce(r.users, 0) END AS users,
                   (SELECT period_start FROM last_period) AS last_period_start
            FROM cohorts c
            CROSS JOIN range(0, $periods) g(k)
            LEFT JOIN returned r ON r.cohort = c.cohort AND r.k = g.k
            ORDER BY c.cohort_start, g.k
            """;
        return (sql, p);
    }

    public static RetentionResult Run(QueryScope scope, RetentionDefinition definition)
    {
        var (sql, p) = Compile(scope, definition);
        var periods = definition.ResolvedPeriods;
        var copy = scope.Table.GetEngineState(t => new EventDatabase(t));
        return copy.Run(sql, p, r =>
        {
            var cohorts = new List<(DateOnly Start, long Size, long?[] Cells)>();
            DateOnly? last = null;
            while (r.Read())
            {
                var start = r.GetFieldValue<DateOnly>(0);
                var k = (int)EventDatabase.Int64(r, 2);
                if (k == 0)
                {
                    cohorts.Add((start, EventDatabase.Int64(r, 1), new long?[periods]));
                    last = r.GetFieldValue<DateOnly>(4);
                }
                cohorts[^1].Cells[k] = r.IsDBNull(3) ? null : EventDatabase.Int64(r, 3);
            }
            return RetentionRunner.Shape(definition, scope.ZoneId, cohorts, last);
        });
    }
}
