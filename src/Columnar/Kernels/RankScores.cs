namespace Columnar.Kernels;

/// <summary>
/// Quantile scores with ties: rank n values (ascending, or descending where a larger value is worse), give every member of a
/// tie the lowest rank r of the tie, and score = 1 + floor(5·(r − 1)/n). Equal values always get equal scores, unlike NTILE.
/// </summary>
internal static class RankScores
{
    /// <summary>Writes the score (1..5) of every value.</summary>
    /// <param name="values">The values, in any order.</param>
    /// <param name="descending">True to rank the largest value first (rank 1).</param>
    /// <param name="scores">One score per value.</param>
    public static void Score<T>(ReadOnlySpan<T> values, bool descending, Span<int> scores) where T : IComparable<T>
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
