using System.Runtime.CompilerServices;
namespace Columnar.Kernels;

/// <summary>
/// Quantile scores with ties: rank n values (ascending, or descending where a larger value is worse), give every member of a
/// tie the lowest rank r of the tie, and score = 1 + floor(5·(r − 1)/n). Equal values always get equal scores, unlike NTILE.
/// Values within a narrow range (days, purchase counts) are ranked by counting, in O(n + range); others by sorting.
/// </summary>
internal static class RankScores
{
    /// <summary>Values spanning at most this many more than 16n distinct integers are counted rather than sorted (a pass over
    /// a counter per integer in the range is cheaper than sorting the values with their positions).</summary>
    private const int CountingSlack = 1 << 12;

    /// <summary>Writes the score (1..5) of every value.</summary>
    /// <param name="values">The values, in any order.</param>
    /// <param name="descending">True to rank the largest value first (rank 1).</param>
    /// <param name="scores">One score per value.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Score(ReadOnlySpan<long> values, bool descending, Span<int> scores)
    {
        var n = values.Length;
        if (scores.Length < n) throw new ArgumentException("scores is shorter than values", nameof(scores));
        if (n == 0) return;
        long min = Aggregation.Min(values), max = Aggregation.Max(values);
        if ((ulong)(max - min) > (ulong)(16L * n + CountingSlack))
        {
            BySorting(values, descending, scores);
            return;
        }
        // below[v − min] becomes the number of values strictly smaller (ascending) or strictly larger (descending) than v.
        var below = new int[max - min + 1];
        foreach (var v in values) below[v - min]++;
        var seen = 0;
        if (descending)
        {
            for (var k = below.Length - 1; k >= 0; k--) (below[k], seen) = (seen, seen + below[k]);
        }
        else
        {
            for (var k = 0; k < below.Length; k++) (below[k], seen) = (seen, seen + below[k]);
        }
        for (var i = 0; i < n; i++) scores[i] = (int)(1 + 5L * below[values[i] - min] / n);
    }

    /// <inheritdoc cref="Score(ReadOnlySpan{long}, bool, Span{int})"/>
    public static void Score(ReadOnlySpan<Int128> values, bool descending, Span<int> scores)
    {
        foreach (var v in values)
        {
            if (v < long.MinValue || v > long.MaxValue)
            {
                BySorting(values, descending, scores);
                return;
            }
        }
        var narrow = new long[values.Length];
        for (var i = 0; i < narrow.Length; i++) narrow[i] = (long)values[i];
        Score(narrow, descending, scores);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BySorting<T>(ReadOnlySpan<T> values, bool descending, Span<int> scores) where T : IComparable<T>
    {
        var n = values.Length;
        if (scores.Length < n) throw new ArgumentException("scores is shorter than values", nameof(scores));
        if (n == 0) return;
        var keys = values.ToArray();
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        keys.AsSpan().Sort(order.AsSpan());
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && keys[j].CompareTo(keys[i]) == 0) j++;
            // Ascending, the tie's lowest rank is i + 1; descending, 1 + the number of strictly larger values, n - j.
            long below = descending ? n - j : i;
            var score = (int)(1 + 5 * below / n);
            for (var k = i; k < j; k++) scores[order[k]] = score;
            i = j;
        }
    }
}
