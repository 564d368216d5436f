using System.Runtime.CompilerServices;

namespace Columnar.Kernels;

/// <summary>
/// An ordered funnel resolved against a table's event codes: what <see cref="FunnelKernel"/> needs, as plain arrays.
/// Distinct step names are numbered 0..<see cref="Names"/>-1 in order of first appearance, so step 1's name is 0.
/// </summary>
internal sealed class FunnelPattern
{
    /// <param name="stepNames">The step event names, in order (names may repeat).</param>
    /// <param name="eventCode">The table's code for a name, or -1 when the table lacks it.</param>
    /// <param name="codeCount">The number of event codes in the table.</param>
    /// <param name="windowMicros">The inclusive window from the step-1 event, in µs.</param>
    /// <param name="dedupName">The event name counted once per order id, or null.</param>
    /// <param name="fromMicros">Inclusive lower time bound, or null.</param>
    /// <param name="toMicrosExclusive">Exclusive upper time bound, or null.</param>
    public FunnelPattern(IReadOnlyList<string> stepNames, Func<string, int> eventCode, int codeCount, long windowMicros,
        string? dedupName, long? fromMicros, long? toMicrosExclusive)
    {
        Steps = stepNames.Count;
        StepName = new int[Steps];
        PreviousSame = new int[Steps];
        var names = new List<string>();
        for (var j = 0; j < Steps; j++)
        {
            var n = names.IndexOf(stepNames[j]);
            if (n < 0)
            {
                n = names.Count;
                names.Add(stepNames[j]);
            }
            StepName[j] = n;
            PreviousSame[j] = -1;
            for (var i = j - 1; i >= 0; i--)
                if (StepName[i] == n) { PreviousSame[j] = i; break; }
        }
        Names = names.Count;
        Chain = new bool[Steps];
        for (var j = 1; j < Steps; j++)
        {
            Chain[j] = true;
            for (var m = j + 1; m < Steps; m++)
                if (PreviousSame[m] >= 0 && PreviousSame[m] < j) Chain[j] = false;
        }
        NameOfCode = new int[codeCount];
        Array.Fill(NameOfCode, names.Count);
        for (var n = 0; n < names.Count; n++)
            if (eventCode(names[n]) is var c and >= 0) NameOfCode[c] = n;
        FirstCode = eventCode(stepNames[0]);
        WindowMicros = windowMicros;
        DedupName = dedupName is null ? -1 : names.IndexOf(dedupName);
        FromMicros = fromMicros ?? long.MinValue;
        ToMicrosExclusive = toMicrosExclusive ?? long.MaxValue;
        Clipped = fromMicros is not null || toMicrosExclusive is not null;
    }

    /// <summary>The number of steps, k.</summary>
    public int Steps { get; }

    /// <summary>The number of distinct step names.</summary>
    public int Names { get; }

    /// <summary>The distinct-name index of each step.</summary>
    public int[] StepName { get; }

    /// <summary>For each step, the 0-based index of the last earlier step with the same name, or -1.</summary>
    public int[] PreviousSame { get; }

    /// <summary>For each step j ≥ 1 (0-based), true when the ranks of the steps after j depend only on the ranks from j on
    /// (no later step shares a name with a step before j), so two attempts with equal rank at j continue identically.</summary>
    public bool[] Chain { get; }

    /// <summary>For each table event code, its distinct-name index, or <see cref="Names"/> when no step has that name (a
    /// scratch list that lets the list-building loop run without a branch).</summary>
    public int[] NameOfCode { get; }

    /// <summary>The table code of step 1's name, or -1 when the table lacks it (then nobody enters the funnel).</summary>
    public int FirstCode { get; }

    /// <summary>The inclusive window in µs.</summary>
    public long WindowMicros { get; }

    /// <summary>The distinct-name index whose events count once per order id, or -1.</summary>
    public int DedupName { get; }

    /// <summary>Inclusive lower time bound (µs UTC).</summary>
    public long FromMicros { get; }

    /// <summary>Exclusive upper time bound (µs UTC).</summary>
    public long ToMicrosExclusive { get; }

    /// <summary>True when a time bound is set.</summary>
    public bool Clipped { get; }
}

/// <summary>The order-id key of a row, for counting purchases once per order. Implementations are ref structs over spans.</summary>
internal interface IOrderKeys
{
    /// <summary>False when the row has no order id (then it always counts).</summary>
    bool TryGet(int row, out Int128 key);
}

/// <summary>No order column: every row counts.</summary>
internal readonly ref struct NoOrderKeys : IOrderKeys
{
    public bool TryGet(int row, out Int128 key)
    {
        key = default;
        return false;
    }
}

/// <summary>Per-thread working memory of <see cref="FunnelKernel"/>; grows to the largest user seen, never shrinks.</summary>
internal sealed class FunnelScratch
{
    [ThreadStatic] private static FunnelScratch? _current;

    /// <summary>The calling thread's scratch.</summary>
    public static FunnelScratch Current => _current ??= new FunnelScratch();

    /// <summary>Per-name lists of rows, name n at [n·capacity, n·capacity + Lengths[n]).</summary>
    public int[] Lists = new int[1024];
    public int[] Lengths = new int[4];
    public int[] Cursors = new int[4];
    public int[] Pointers = new int[4];
    public int[] Ranks = new int[4];
    public readonly HashSet<Int128> Seen = [];

    /// <summary>Per-user results of the range being matched (deepest step, attributed step-1 row).</summary>
    public int[] Depth = [];
    public int[] Start = [];

    public void Ensure(int names, int steps, int capacity)
    {
        // One more list than names: rows of other events land in it unconditionally.
        var need = (long)(names + 1) * capacity;
        if (need > Lists.Length) Lists = new int[checked((int)Math.Min(Math.Max(need, Lists.Length * 2L), Array.MaxLength))];
        if (Lengths.Length < names + 1)
        {
            Lengths = new int[names + 1];
            Cursors = new int[names + 1];
        }
        if (Pointers.Length < steps)
        {
            Pointers = new int[steps];
            Ranks = new int[steps];
        }
    }
}

/// <summary>
/// Per-user ordered-funnel matching over the user-sorted columns: for each user, the deepest step any attempt reaches
/// and the row of the step-1 event of the earliest attempt reaching it. Same semantics as the SQL oracle (FunnelSql).
/// </summary>
/// <remarks>
/// <para>Each user's in-scope rows whose name is a step name go into one list per distinct name, in row order, which is
/// (time, arrival) order; a row's position in its list is its <em>rank</em>. Every step-1 row starts an attempt, in list
/// order. Step j of an attempt takes the rank
/// <c>max(first rank of name s_j with time ≥ t_(j−1), rank used by the last earlier step with name s_j + 1)</c>
/// and fails when there is none or when it is more than the window after t_1. This is the greedy "earliest unused event not
/// before the previous step" (see FunnelSql for why it is optimal and why equal timestamps chain as a multiset), and it is
/// literally the rank rule the SQL evaluates, so the per-attempt depths agree.</para>
/// <para><b>Linear time.</b> Let attempts a &lt; a' be ordered by their step-1 rank. By induction over j, every rank of a is
/// at most the same step's rank of a': r_1 = a &lt; a'; t_(j−1) is non-decreasing in r_(j−1) because a list is time-sorted,
/// "first rank at or after t" is non-decreasing in t, and the same-name bound is non-decreasing by induction, so their
/// max is too. Hence one pointer per step, kept across attempts, only ever moves forward to the next attempt's rank:
/// start it at max(pointer, same-name bound) and advance past times below t_(j−1). Pointer moves total at most k·n for a
/// user with n rows, and each attempt does O(k) other work, so a user costs O(n·k) however many rows share a timestamp
/// and however many step-1 rows there are. Two early exits keep the common case short: an attempt reaching step k ends
/// the user (no later attempt is earlier), and when step j finds its list exhausted every later attempt would too
/// (their ranks are no smaller), so once the best depth reaches j − 1 nothing later can improve it. And when an attempt's
/// step j takes the same event as the previous attempt's, and no later step repeats a name from before j, its next steps
/// take the previous attempt's events again (the same ranks; a later t_1 only loosens the window), so it resumes where the
/// previous attempt stopped: runs of step-1 events before one step-2 event cost O(1) each.</para>
/// <para>Attribution: attempts are visited in (time, arrival) order of their step-1 rows and the best is replaced only by
/// a strictly deeper one, so it is the earliest attempt reaching the deepest step (the SQL's min(start_seq)).</para>
/// </remarks>
internal static class FunnelKernel
{
    /// <summary>
    /// Matches users [<paramref name="userStart"/>, <paramref name="userEnd"/>). For user u, writes
    /// <paramref name="depth"/>[u − userStart] (0 = never entered) and <paramref name="start"/>[u − userStart] (the row of the
    /// attributed step-1 event, or −1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Match<TOrders>(FunnelPattern p, ReadOnlySpan<int> offsets, ReadOnlySpan<long> times, ReadOnlySpan<short> codes,
        TOrders orders, int userStart, int userEnd, Span<int> depth, Span<int> start, FunnelScratch scratch)
        where TOrders : IOrderKeys, allows ref struct
    {
        var first = (short)p.FirstCode;
        for (var u = userStart; u < userEnd; u++)
        {
            var i = u - userStart;
            depth[i] = 0;
            start[i] = -1;
            if (p.FirstCode < 0) continue;
            int lo = offsets[u], hi = offsets[u + 1];
            if (p.Clipped)
            {
                lo = LowerBound(times, lo, hi, p.FromMicros);
                hi = LowerBound(times, lo, hi, p.ToMicrosExclusive);
            }
            // Rows before the first step-1 row can only matter when they share its instant, or as earlier rows of an order.
            var at = codes[lo..hi].IndexOf(first);
            if (at < 0) continue;
            var begin = lo + at;
            if (p.DedupName >= 0) begin = lo;
            else
                while (begin > lo && times[begin - 1] == times[lo + at]) begin--;
            MatchUser(p, times, codes, ref orders, begin, hi, out depth[i], out start[i], scratch);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MatchUser<TOrders>(FunnelPattern p, ReadOnlySpan<long> times, ReadOnlySpan<short> codes, ref TOrders orders,
        int lo, int hi, out int bestDepth, out int bestStart, FunnelScratch s)
        where TOrders : IOrderKeys, allows ref struct
    {
        var cap = hi - lo;
        var k = p.Steps;
        s.Ensure(p.Names, k, cap);
        var lists = s.Lists.AsSpan();
        var lengths = s.Lengths.AsSpan(0, p.Names + 1);
        var cursors = s.Cursors.AsSpan(0, p.Names + 1);
        for (var n = 0; n < cursors.Length; n++) cursors[n] = n * cap;
        var nameOfCode = p.NameOfCode;
        var dedup = p.DedupName;
        if (dedup < 0)
        {
            // Branch-free: whether a row is a step event is data-dependent and would mispredict about half the time.
            for (var r = lo; r < hi; r++) lists[cursors[nameOfCode[codes[r]]]++] = r;
        }
        else
        {
            s.Seen.Clear();
            for (var r = lo; r < hi; r++)
            {
                var n = nameOfCode[codes[r]];
                if (n == dedup && orders.TryGet(r, out var key) && !s.Seen.Add(key)) continue;
                lists[cursors[n]++] = r;
            }
        }
        for (var n = 0; n < lengths.Length; n++) lengths[n] = cursors[n] - n * cap;

        bestDepth = 0;
        bestStart = -1;
        var starts = lists.Slice(0, lengths[0]);
        var pointers = s.Pointers.AsSpan(0, k);
        var ranks = s.Ranks.AsSpan(0, k);
        pointers.Clear();
        var chain = p.Chain;
        var lastReached = 0; // the depth of the previous attempt, whose ranks are still in ranks[0..lastReached)
        var stepName = p.StepName;
        var previousSame = p.PreviousSame;
        var window = p.WindowMicros;
        var ceiling = k; // no later attempt can go deeper than this
        for (var a = 0; a < starts.Length; a++)
        {
            var t1 = times[starts[a]];
            var previous = t1;
            ranks[0] = a;
            var reached = 1;
            for (var j = 1; j < k; j++)
            {
                var n = stepName[j];
                var list = lists.Slice(n * cap, lengths[n]);
                var ptr = pointers[j];
                if (previousSame[j] >= 0 && ranks[previousSame[j]] + 1 > ptr) ptr = ranks[previousSame[j]] + 1;
                while (ptr < list.Length && times[list[ptr]] < previous) ptr++;
                pointers[j] = ptr;
                if (ptr >= list.Length)
                {
                    if (j < ceiling) ceiling = j;
                    break;
                }
                var t = times[list[ptr]];
                if (t - t1 > window) break;
                if (j < lastReached && ranks[j] == ptr && chain[j] && lastReached > j + 1)
                {
                    // Same event at step j as the previous attempt: steps j+1 .. lastReached−1 take its events again (same
                    // ranks, and a later step-1 event only loosens t − t_1 ≤ window), so resume after them.
                    j = lastReached - 1;
                    var m = stepName[j];
                    previous = times[lists[m * cap + ranks[j]]];
                    reached = lastReached;
                    continue;
                }
                ranks[j] = ptr;
                previous = t;
                reached = j + 1;
            }
            lastReached = reached;
            if (reached > bestDepth)
            {
                bestDepth = reached;
                bestStart = starts[a];
            }
            if (bestDepth >= ceiling) break;
        }
    }

    /// <summary>The first row in [lo, hi) whose time is at least <paramref name="t"/>, or hi.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int LowerBound(ReadOnlySpan<long> times, int lo, int hi, long t)
    {
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (times[mid] < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
