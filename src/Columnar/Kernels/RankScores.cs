using System.Runtime.CompilerServices;
namespace Columnar.Kernels;

/// <summary>
/// Quantile scores with ties: rank n values (ascending, or descending where a larger value is worse), give every member of a
/// tie the lowest rank r of the tie, and score = 1 + floor(5·(r − 1)/n). Equal values always get equal scores, unlike NTILE.
/// Values within a narrow range (days, purchase counts) are ranked by counting, in O(n + range); other 64-bit values through
/// four order statistics found by selection (expected O(n)); 128-bit values beyond the 64-bit range by sorting.
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
            ByThresholds(values, descending, scores);
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

    /// <summary>
    /// Wide ranges without a sort. Ascending, with below(v) = #{x &lt; v} and m_s = ⌈s·n/5⌉: 5·below(v) ≥ s·n exactly when
    /// below(v) ≥ m_s, which holds exactly when v exceeds the m_s-th smallest value x₍m_s₎ (if v &gt; x₍m_s₎, the m_s smallest
    /// are all below v; if m_s values are below v, so is the m_s-th smallest). So score = 1 + #{s ∈ 1..4 : v &gt; x₍m_s₎}, and
    /// the four order statistics come from selection in expected O(n). Descending mirrors it with the m_s-th largest,
    /// x₍n−m_s+1₎, and v &lt; it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ByThresholds(ReadOnlySpan<long> values, bool descending, Span<int> scores)
    {
        var n = values.Length;
        var copy = values.ToArray();
        // 0-based positions of the four order statistics, ascending; selection proceeds left to right over the copy, each
        // one searching only to the right of the previous (selection leaves smaller values to the left).
        Span<int> at = stackalloc int[4];
        for (var s = 1; s <= 4; s++)
        {
            var m = (int)((s * (long)n + 4) / 5); // ⌈s·n/5⌉ ≥ 1
            at[descending ? 4 - s : s - 1] = descending ? n - m : m - 1;
        }
        Span<long> threshold = stackalloc long[4];
        var from = 0;
        for (var i = 0; i < 4; i++)
        {
            if (i > 0 && at[i] == at[i - 1])
            {
                threshold[i] = threshold[i - 1];
                continue;
            }
            threshold[i] = Select(copy.AsSpan(), from, at[i]);
            from = at[i] + 1;
        }
        long t0 = threshold[0], t1 = threshold[1], t2 = threshold[2], t3 = threshold[3];
        if (!descending)
        {
            for (var i = 0; i < n; i++)
            {
                var v = values[i];
                scores[i] = 1 + (v > t0 ? 1 : 0) + (v > t1 ? 1 : 0) + (v > t2 ? 1 : 0) + (v > t3 ? 1 : 0);
            }
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                var v = values[i];
                scores[i] = 1 + (v < t0 ? 1 : 0) + (v < t1 ? 1 : 0) + (v < t2 ? 1 : 0) + (v < t3 ? 1 : 0);
            }
        }
    }

    /// <summary>
    /// The value of position <paramref name="k"/> if <paramref name="a"/>[<paramref name="from"/>..] were sorted (the part
    /// before <paramref name="from"/> holding no larger value), reordering that part so smaller values lie left of k and larger
    /// ones right. Quickselect with a median-of-three pivot and a three-way partition (long runs of equal values, such as
    /// the zero spend of every non-buyer, end in one step); after 2·log₂ n + 16 rounds the rest is sorted, so the worst case is
    /// O(n log n).
    /// </summary>
    internal static long Select(Span<long> a, int from, int k)
    {
        int lo = from, hi = a.Length - 1;
        var rounds = 2 * (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)a.Length)) + 16;
        while (lo < hi)
        {
            if (rounds-- == 0)
            {
                a[lo..(hi + 1)].Sort();
                return a[k];
            }
            var mid = lo + ((hi - lo) >> 1);
            long x = a[lo], y = a[mid], z = a[hi];
            var pivot = x < y ? (y < z ? y : x < z ? z : x) : (x < z ? x : y < z ? z : y);
            // a[lo..lt) < pivot, a[lt..i) == pivot, a(gt..hi] > pivot.
            int lt = lo, i = lo, gt = hi;
            while (i <= gt)
            {
                var v = a[i];
                if (v < pivot) { a[i++] = a[lt]; a[lt++] = v; }
                else if (v > pivot) { a[i] = a[gt]; a[gt--] = v; }
                else i++;
            }
            if (k < lt) hi = lt - 1;
            else if (k > gt) lo = gt + 1;
            else return pivot;
        }
        return a[k];
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
