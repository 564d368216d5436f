using System.Runtime.CompilerServices;
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

    /// <summary>Shapes the rows (in user order) into the result: totals, the segment table and the score counts, in one pass.
    /// Sums run in user order with the same types as the rows (R and F as integers, M as decimal), so both engines agree exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static RfmResult Shape(QueryScope scope, RfmDefinition definition, DateOnly? reference, RfmRows users)
    {
        long n = users.Count;
        long sumR = 0, sumF = 0;
        decimal sumM = 0;
        var scores = new long[3, 5];
        var count = new long[8];
        var segR = new long[8];
        var segF = new long[8];
        var segM = new decimal[8];
        for (var i = 0; i < users.Count; i++)
        {
            long r = users.R[i], f = users.F[i];
            var m = users.M[i];
            var s = users.Segments[i];
            sumR += r;
            sumF += f;
            sumM += m;
            count[s]++;
            segR[s] += r;
            segF[s] += f;
            segM[s] += m;
            scores[0, users.RScores[i] - 1]++;
            scores[1, users.FScores[i] - 1]++;
            scores[2, users.MScores[i] - 1]++;
        }
        var segments = RfmSegment.All.Select(seg =>
        {
            var s = RfmRows.Code(seg);
            var c = count[s];
            return new RfmSegmentStats(seg, c, n == 0 ? null : (double)c / n,
                c == 0 ? null : (double)segR[s] / c,
                c == 0 ? null : (double)segF[s] / c,
                c == 0 ? null : segM[s] / c);
        }).ToArray();

        var notes = new List<string>
        {
            $"F: {FrequencyText(definition)}",
            $"M: {MonetaryText(definition)}",
        };
        if (definition.ReferenceDate is not null)
            notes.Add("purchases on or after the reference date are ignored");
        if (definition.PurchaseEvent is { } purchase && scope.Table.EventCode(purchase) < 0)
            notes.Add($"warning: the purchase event '{definition.PurchaseEvent}' does not occur in the table");
        else if (n == 0)
            notes.Add($"no purchases ('{definition.PurchaseEvent}') in scope before the reference date");

        return new RfmResult(definition, scope.ZoneId, definition.MonetaryScale(scope.Table), reference, n, sumR, sumF, sumM,
            notes, segments, Row(scores, 0), Row(scores, 1), Row(scores, 2), users);
    }

    /// <summary>No purchasers.</summary>
    internal static RfmRows NoRows { get; } = new(_ => "", [], [], [], [], [], [], []);

    private static long[] Row(long[,] m, int r) => Enumerable.Range(0, 5).Select(c => m[r, c]).ToArray();
}
