using System.Globalization;
using Apache.Arrow;
using Columnar.Analytics;
using Columnar.Analytics.Rfm;
using Columnar.Storage;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>
/// Interest: per user, the top-K values of a property by the sum of role weights over the user's events in scope
/// (ties: the smaller value first, numerically for Int64 columns, ordinally for text). Multi-valued.
/// </summary>
internal sealed class InterestComputer : TagComputer
{
    private readonly ProfileContext _ctx;
    private readonly PropertyColumn _column;
    private readonly double[] _weightOfCode;
    private readonly int _top;
    private readonly long _lo;

    public InterestComputer(string name, ProfileContext ctx, PropertyColumn column, double[] weightOfCode, int top, TimeSpan? within)
        : base(name, TagKind.Interest)
    {
        _ctx = ctx;
        _column = column;
        _weightOfCode = weightOfCode;
        _top = top;
        _lo = within is { } w ? ctx.AsOf - w.Ticks / 10 : long.MinValue;
    }

    private sealed class State
    {
        public readonly ValueLists<long> Lists = new();
        public readonly Dictionary<long, double> Scores = new();
        public readonly List<KeyValuePair<long, double>> Sorted = new();
    }

    public override object NewState() => new State();

    public override void Visit(object state, int user)
    {
        var st = (State)state;
        var (s, e) = _ctx.Rows(user);
        if (_lo != long.MinValue) s = _ctx.FirstAfter(s, e, _lo);
        var codes = _ctx.Table.EventCodes;
        var isText = _column.Type == PropertyType.String;
        var ints = isText ? default : ((Int64Array)_column.Data).Values;
        var dict = isText ? _column.Codes : default;
        st.Scores.Clear();
        for (var r = s; r < e; r++)
        {
            var w = _weightOfCode[codes[r]];
            if (w == 0 || _column.IsNull(r)) continue;
            long key = isText ? dict[r] : ints[r];
            st.Scores[key] = st.Scores.GetValueOrDefault(key) + w;
        }
        if (st.Scores.Count == 0) return;
        st.Sorted.Clear();
        st.Sorted.AddRange(st.Scores);
        st.Sorted.Sort(Compare);
        for (var i = 0; i < Math.Min(_top, st.Sorted.Count); i++) st.Lists.Add(st.Sorted[i].Key, user);
    }

    private int Compare(KeyValuePair<long, double> a, KeyValuePair<long, double> b)
    {
        var c = b.Value.CompareTo(a.Value);
        if (c != 0) return c;
        return _column.Type == PropertyType.String
            ? string.CompareOrdinal(Label(a.Key), Label(b.Key))
            : a.Key.CompareTo(b.Key);
    }

    private string Label(long key) => _column.Type == PropertyType.String
        ? _column.DictionaryValues.GetString((int)key)
        : key.ToString(CultureInfo.InvariantCulture);

    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states) =>
        Merge<long>(states.Select(s => (object)((State)s).Lists).ToArray(), Label);
}

/// <summary>
/// The RFM segment (DESIGN §4) of each purchaser in scope as of the store's as-of: reference date = local date of as-of + 1,
/// R = days from the last purchase's local date, F = purchases (distinct order ids when an order column is mapped; rows
/// without one each count), M = exact amount sum (F without an amount column); segments compare with the means exactly.
/// </summary>
internal sealed class RfmComputer : TagComputer
{
    private readonly ProfileContext _ctx;
    private readonly int _purchase;
    private readonly PropertyColumn? _amount;
    private readonly PropertyColumn? _order;
    private readonly DateOnly _reference;

    public RfmComputer(string name, ProfileContext ctx, int purchaseCode, PropertyColumn? amount, PropertyColumn? order) : base(name, TagKind.Computed)
    {
        _ctx = ctx;
        _purchase = purchaseCode;
        _amount = amount;
        _order = order;
        _reference = ctx.LocalDate(ctx.AsOf).AddDays(1);
    }

    private sealed class State
    {
        public readonly List<(int User, long R, long F, decimal M)> Rows = new();
        public readonly HashSet<long> Orders = new();
    }

    public override object NewState() => new State();

    public override void Visit(object state, int user)
    {
        var st = (State)state;
        var (s, e) = _ctx.Rows(user);
        var codes = _ctx.Table.EventCodes;
        long f = 0;
        decimal m = 0;
        var last = long.MinValue;
        st.Orders.Clear();
        for (var r = s; r < e; r++)
        {
            if (codes[r] != _purchase) continue;
            last = _ctx.Table.Times[r];
            if (_order is null || _order.IsNull(r)) f++;
            else if (st.Orders.Add(OrderKey(r))) f++;
            if (_amount is not null && !_amount.IsNull(r))
                m += _amount.Data is Decimal128Array d ? d.GetValue(r)!.Value : ((Int64Array)_amount.Data).Values[r];
        }
        if (f == 0) return;
        var days = _reference.DayNumber - _ctx.LocalDate(last).DayNumber;
        st.Rows.Add((user, days, f, _amount is null ? f : m));
    }

    private long OrderKey(int r) => _order!.Type == PropertyType.String ? _order.Codes[r] : ((Int64Array)_order.Data).Values[r];

    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states)
    {
        var rows = states.SelectMany(s => ((State)s).Rows).ToArray();
        long n = rows.Length, sumR = 0, sumF = 0;
        decimal sumM = 0;
        foreach (var x in rows) { sumR += x.R; sumF += x.F; sumM += x.M; }
        var lists = new ValueLists<string>();
        foreach (var x in rows)
            lists.Add(RfmSegment.Of(n * x.R < sumR, n * x.F > sumF, n * x.M > sumM).Key, x.User);
        return Merge<string>([lists], k => k, RfmSegment.All.Select(s => s.Key).ToArray());
    }
}

/// <summary>
/// Lifecycle for the period containing as-of (local calendar; weeks start Monday): new (first event in scope is in this
/// period), returning (active now and in the previous period), resurrecting (active now, not in the previous period, active
/// before it), dormant (active in the previous period, not now). Other users have no value.
/// </summary>
internal sealed class LifecycleComputer : TagComputer
{
    public static readonly string[] Values = ["new", "returning", "resurrecting", "dormant"];
    private readonly ProfileContext _ctx;
    private readonly long _current;
    private readonly long _previous;

    public LifecycleComputer(string name, ProfileContext ctx, CalendarPeriod period) : base(name, TagKind.Computed)
    {
        _ctx = ctx;
        var d = ctx.LocalDate(ctx.AsOf);
        var (cur, prev) = period switch
        {
            CalendarPeriod.Day => (d, d.AddDays(-1)),
            CalendarPeriod.Week => (d.AddDays(-(((int)d.DayOfWeek + 6) % 7)), d.AddDays(-(((int)d.DayOfWeek + 6) % 7) - 7)),
            _ => (new DateOnly(d.Year, d.Month, 1), new DateOnly(d.Year, d.Month, 1).AddMonths(-1)),
        };
        _current = ctx.StartOf(cur);
        _previous = ctx.StartOf(prev);
    }

    public override object NewState() => new ValueLists<int>();

    public override void Visit(object state, int user)
    {
        var (s, e) = _ctx.Rows(user);
        if (s == e) return;
        var times = _ctx.Table.Times;
        var now = times[e - 1] >= _current;
        var firstPrev = _ctx.FirstAfter(s, e, _previous - 1);
        var before = times[s] < _previous;
        var prev = firstPrev < e && times[firstPrev] < _current;
        int v;
        if (times[s] >= _current) v = 0;
        else if (now && prev) v = 1;
        else if (now && before) v = 2;
        else if (!now && prev) v = 3;
        else return;
        ((ValueLists<int>)state).Add(v, user);
    }

    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states) => Merge<int>(states, i => Values[i], [0, 1, 2, 3]);
}

/// <summary>Funnel drop-off: <c>dropped_after_k</c> for users whose deepest step is k &lt; n, <c>completed</c> for n; no value when step 1 never happened.</summary>
internal sealed class FunnelComputer(string name, FunnelDepth depth) : TagComputer(name, TagKind.Computed)
{
    public override object NewState() => (new ValueLists<int>(), depth.NewScratch());

    public override void Visit(object state, int user)
    {
        var (lists, scratch) = ((ValueLists<int>, FunnelDepth.Scratch))state;
        var d = depth.Depth(user, scratch);
        if (d > 0) lists.Add(d, user);
    }

    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states)
    {
        var n = depth.Steps;
        return Merge<int>(states.Select(s => (object)((ValueLists<int>, FunnelDepth.Scratch))s).Select(s => (object)(((ValueLists<int>, FunnelDepth.Scratch))s).Item1).ToArray(),
            k => k == n ? "completed" : $"dropped_after_{k}", Enumerable.Range(1, n).ToArray());
    }
}
