using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Profiles;

/// <summary>
/// Each user's deepest ordered-funnel step with the DESIGN §4 semantics, by a per-user pass: every step-1 event starts an
/// attempt; step j takes the earliest unused event named s_j at or after step j−1's time and at most the window after step 1
/// (earliest is optimal by exchange). Per name, the events are time-sorted, so "earliest unused at or after t" is
/// max(first index at or after t, last index used for that name in the attempt + 1): equal timestamps chain in step order
/// and one event serves one step. With an order column, purchases count once per (user, order id), at the first row.
/// </summary>
internal sealed class FunnelDepth
{
    private readonly ProfileContext _ctx;
    private readonly int[] _stepName; // step → index into _codes
    private readonly int[] _codes;    // distinct step names → event code (−1 when absent)
    private readonly long _window;
    private readonly int _purchaseName = -1;
    private readonly PropertyColumn? _order;

    public FunnelDepth(ProfileContext ctx, IReadOnlyList<string> steps, TimeSpan window)
    {
        if (steps.Count == 0) throw new ColumnarException(ErrorCodes.BadOption, "a funnel needs at least one step");
        if (window <= TimeSpan.Zero) throw new ColumnarException(ErrorCodes.BadOption, "the funnel window must be positive");
        _ctx = ctx;
        var names = steps.Distinct(StringComparer.Ordinal).ToList();
        _stepName = steps.Select(s => names.IndexOf(s)).ToArray();
        _codes = names.Select(ctx.Table.EventCode).ToArray();
        _window = window.Ticks / 10;
        if (ctx.Table.Roles.Order is { } o && ctx.Table.Roles.Purchase is { } p && names.IndexOf(p) is var i and >= 0)
        {
            _order = ctx.Table.Property(o);
            _purchaseName = _order is null ? -1 : i;
        }
    }

    public int Steps => _stepName.Length;

    internal sealed class Scratch(int names)
    {
        public readonly List<long>[] Times = Enumerable.Range(0, names).Select(_ => new List<long>()).ToArray();
        public readonly int[] LastUsed = new int[names];
        public readonly HashSet<long> Orders = new();
    }

    public Scratch NewScratch() => new(_codes.Length);

    /// <summary>The deepest step (1-based) any attempt of <paramref name="user"/> reaches, or 0 without a step-1 event.</summary>
    public int Depth(int user, Scratch sc)
    {
        var (s, e) = _ctx.Rows(user);
        var codes = _ctx.Table.EventCodes;
        var times = _ctx.Table.Times;
        foreach (var l in sc.Times) l.Clear();
        sc.Orders.Clear();
        for (var r = s; r < e; r++)
        {
            var c = codes[r];
            for (var k = 0; k < _codes.Length; k++)
            {
                if (_codes[k] != c) continue;
                if (k == _purchaseName && !_order!.IsNull(r))
                {
                    long key = _order.Type == PropertyType.String ? _order.Codes[r] : ((Int64Array)_order.Data).Values[r];
                    if (!sc.Orders.Add(key)) break;
                }
                sc.Times[k].Add(times[r]);
                break;
            }
        }
        var starts = sc.Times[_stepName[0]];
        if (starts.Count == 0) return 0;
        var n = _stepName.Length;
        var best = 1;
        for (var a = 0; a < starts.Count && best < n; a++)
        {
            System.Array.Fill(sc.LastUsed, -1);
            sc.LastUsed[_stepName[0]] = a;
            var t1 = starts[a];
            var prev = t1;
            var depth = 1;
            for (var j = 1; j < n; j++)
            {
                var name = _stepName[j];
                var list = sc.Times[name];
                var idx = Math.Max(LowerBound(list, prev), sc.LastUsed[name] + 1);
                if (idx >= list.Count || list[idx] - t1 > _window) break;
                sc.LastUsed[name] = idx;
                prev = list[idx];
                depth++;
            }
            if (depth > best) best = depth;
        }
        return best;
    }

    private static int LowerBound(List<long> list, long t)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid] < t) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
