using Columnar.Query;

namespace Columnar.Analytics.Rfm;

/// <summary>Validates an RFM plan, runs it on the chosen engine and shapes the result.</summary>
internal static class RfmRunner
{
    public static RfmResult Run(QueryScope scope, RfmDefinition definition)
    {
        definition.Validate(scope.Table);
        return scope.Engine switch
        {
            Engine.DuckDb => RfmSql.Run(scope, definition),
            Engine.Kernels => scope.RunKernel(s => RfmKernels.Run(s, definition)),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"engine {scope.Engine} does not run RFM"),
        };
    }

    public static string Explain(QueryScope scope, RfmDefinition definition)
    {
        definition.Validate(scope.Table);
        var (sql, _) = RfmSql.Compile(scope, definition);
        return $"RFM\n" +
               $"  purchase event: {definition.PurchaseEvent}\n" +
               $"  reference date: {(definition.ReferenceDate is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "local date of the last event in scope + 1 day")} (purchases before it count)\n" +
               $"  R: whole local days from the last purchase to the reference date\n" +
               $"  F: {FrequencyText(definition)}\n" +
               $"  M: {MonetaryText(definition)}\n" +
               $"  scores: 1 + floor(5·(rank − 1)/n), ties take their lowest rank; R ranked descending\n" +
               $"  segments: recent iff n·R < ΣR, high F iff n·F > ΣF, high M iff n·M > ΣM\n" +
               $"  {scope.Describe().Replace("\n", "\n  ")}\nSQL:\n{sql}";
    }

    internal static string FrequencyText(RfmDefinition d) => d.OrderColumn is { } o
        ? $"distinct order ids in '{o}'; each purchase row without an order id counts as one purchase"
        : "purchase rows";

    internal static string MonetaryText(RfmDefinition d) => d.AmountColumn is { } a
        ? $"exact sum of '{a}' over purchase rows; a null amount counts 0"
        : "no amount column, so M is the number of purchases (M = F) and only 4 of the 8 segments can occur";

    internal static RfmResult Shape(QueryScope scope, RfmDefinition definition, DateOnly? reference, IReadOnlyList<RfmUser> users)
    {
        long n = users.Count;
        long sumR = 0, sumF = 0;
        decimal sumM = 0;
        var scores = new long[3, 5];
        foreach (var u in users)
        {
            sumR += u.R;
            sumF += u.F;
            sumM += u.M;
            scores[0, u.RScore - 1]++;
            scores[1, u.FScore - 1]++;
            scores[2, u.MScore - 1]++;
        }
        var segments = RfmSegment.All.Select(s =>
        {
            var members = users.Where(u => u.Segment == s.Key).ToArray();
            long count = members.Length;
            return new RfmSegmentStats(s, count, n == 0 ? null : (double)count / n,
                count == 0 ? null : members.Sum(u => (double)u.R) / count,
                count == 0 ? null : members.Sum(u => (double)u.F) / count,
                count == 0 ? null : members.Sum(u => u.M) / count);
        }).ToArray();

        var notes = new List<string>
        {
            $"F: {FrequencyText(definition)}",
            $"M: {MonetaryText(definition)}",
        };
        if (definition.ReferenceDate is not null)
            notes.Add("purchases on or after the reference date are ignored");
        if (n == 0)
            notes.Add($"no purchases ('{definition.PurchaseEvent}') in scope before the reference date");

        return new RfmResult(definition, scope.ZoneId, definition.MonetaryScale(scope.Table), reference, n, sumR, sumF, sumM,
            notes, segments, Row(scores, 0), Row(scores, 1), Row(scores, 2), users);
    }

    private static long[] Row(long[,] m, int r) => Enumerable.Range(0, 5).Select(c => m[r, c]).ToArray();
}
