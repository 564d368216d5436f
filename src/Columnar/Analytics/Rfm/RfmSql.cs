using Columnar.Query;
using Columnar.Sql;
using Columnar.Storage;

namespace Columnar.Analytics.Rfm;

/// <summary>The readable DuckDB SQL version of RFM: the oracle and the <see cref="Engine.DuckDb"/> engine.</summary>
internal static class RfmSql
{
    public static (string Sql, Dictionary<string, object?> Parameters) Compile(QueryScope scope, RfmDefinition definition)
    {
        var table = scope.Table;
        var p = new Dictionary<string, object?> { ["purchase_event"] = definition.PurchaseEvent };
        var scale = definition.MonetaryScale(table);
        var localDate = scope.LocalDateSql();
        string reference;
        if (definition.ReferenceDate is { } asOf)
        {
            p["reference_date"] = asOf;
            reference = "SELECT CAST($reference_date AS DATE) AS d";
        }
        else
        {
            reference = $"SELECT max({localDate}) + 1 AS d FROM ev";
        }
        var order = definition.OrderColumn is { } o ? SqlText.Ident(o) : "NULL";
        var amount = definition.AmountColumn is { } a
            ? $"CAST({SqlText.Ident(a)} AS DECIMAL(38, {scale}))"
            : "NULL";
        var frequency = definition.OrderColumn is null
            ? "count(*)"
            : "count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL)";
        // Without an amount column M is F, so only the 4 segments with high F == high M can occur.
        var monetary = definition.AmountColumn is null
            ? $"CAST({frequency} AS DECIMAL(38, 0))"
            : $"CAST(sum(coalesce(amount, 0)) AS DECIMAL(38, {scale}))";
        var segments = string.Join(",\n        ", RfmSegment.All.Select(s =>
            $"({Bool(s.Recent)}, {Bool(s.HighFrequency)}, {Bool(s.HighMonetary)}, {SqlText.Literal(s.Key)})"));
        var sql = $"""
            WITH {scope.EventsCte(p)},
            reference AS (
                {reference}
            ),
            purchases AS (
                SELECT "user", {localDate} AS purchase_date, {order} AS order_id, {amount} AS amount
                FROM ev
                WHERE "event" = $purchase_event AND {localDate} < (SELECT d FROM reference)
            ),
            per_user AS (
                SELECT "user",
                       (SELECT d FROM reference) - max(purchase_date) AS r,
                       {frequency} AS f,
                       {monetary} AS m
                FROM purchases
                GROUP BY "user"
            ),
            totals AS (
                SELECT *, count(*) OVER () AS n, sum(r) OVER () AS sum_r, sum(f) OVER () AS sum_f, sum(m) OVER () AS sum_m
                FROM per_user
            ),
            scored AS (
                SELECT "user", r, f, m,
                       1 + (5 * (rank() OVER (ORDER BY r DESC) - 1)) // n AS r_score,
                       1 + (5 * (rank() OVER (ORDER BY f ASC) - 1)) // n AS f_score,
                       1 + (5 * (rank() OVER (ORDER BY m ASC) - 1)) // n AS m_score,
                       n * r < sum_r AS recent, n * f > sum_f AS high_f, n * m > sum_m AS high_m
                FROM totals
            ),
            segments(recent, high_f, high_m, segment) AS (
                VALUES
                    {segments}
            ),
            rows AS (
                SELECT s."user", CAST(u.user_id AS VARCHAR) AS user_id, s.r, s.f, s.m, s.r_score, s.f_score, s.m_score, g.segment
                FROM scored s
                JOIN segments g ON g.recent = s.recent AND g.high_f = s.high_f AND g.high_m = s.high_m
                JOIN users u ON u."user" = s."user"
            )
            SELECT ref.d AS reference_date, rows.user_id, rows.r, rows.f, rows.m, rows.r_score, rows.f_score, rows.m_score, rows.segment
            FROM reference ref LEFT JOIN rows ON true
            ORDER BY rows."user"
            """;
        return (sql, p);
    }

    private static string Bool(bool b) => b ? "true" : "false";

    public static RfmResult Run(QueryScope scope, RfmDefinition definition)
    {
        var (sql, p) = Compile(scope, definition);
        var copy = scope.Table.GetEngineState(t => new EventDatabase(t));
        return copy.Run(sql, p, r =>
        {
            DateOnly? reference = null;
            var ids = new List<string>();
            List<long> rs = [], fs = [];
            var ms = new List<decimal>();
            List<int> rScores = [], fScores = [], mScores = [];
            var segments = new List<byte>();
            while (r.Read())
            {
                reference = r.IsDBNull(0) ? null : r.GetFieldValue<DateOnly>(0);
                if (r.IsDBNull(1)) continue;
                ids.Add(r.GetString(1));
                rs.Add(EventDatabase.Int64(r, 2));
                fs.Add(EventDatabase.Int64(r, 3));
                ms.Add(r.GetDecimal(4));
                rScores.Add((int)EventDatabase.Int64(r, 5));
                fScores.Add((int)EventDatabase.Int64(r, 6));
                mScores.Add((int)EventDatabase.Int64(r, 7));
                segments.Add(RfmRows.Code(r.GetString(8)));
            }
            var users = new RfmRows(i => ids[i], rs.ToArray(), fs.ToArray(), ms.ToArray(), rScores.ToArray(), fScores.ToArray(),
                mScores.ToArray(), segments.ToArray());
            return RfmRunner.Shape(scope, definition, reference, users);
        });
    }
}
