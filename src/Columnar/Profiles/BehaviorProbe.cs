using System.Globalization;
using Apache.Arrow;
using Columnar.Kernels;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Profiles;

/// <summary>A <see cref="Behavior"/> compiled against one context: event codes, the (lo, hi] window and the row filter resolved once.</summary>
internal sealed class BehaviorProbe
{
    private const int AnyEvent = -1;
    private const int NoSuchEvent = -2;

    private readonly ProfileContext _ctx;
    private readonly int _code;
    private readonly long _lo; // exclusive
    private readonly long _hi; // inclusive
    private readonly int _min;
    private readonly int _max;
    private readonly bool _days;
    private readonly RowFilter? _where;
    private readonly int _then;
    private readonly long _gap;
    private readonly int _thenNot;

    public BehaviorProbe(ProfileContext ctx, Behavior b)
    {
        _ctx = ctx;
        _code = Code(ctx.Table, b.Event);
        _lo = long.MinValue;
        _hi = ctx.AsOf;
        if (b.Within is { } w)
        {
            if (w <= TimeSpan.Zero) throw new ColumnarException(ErrorCodes.BadOption, $"within must be positive in {b}");
            _lo = ctx.AsOf - w.Ticks / 10;
        }
        if (b.From is { } f) _lo = Math.Max(_lo, ctx.StartOf(f) - 1);
        if (b.To is { } t) _hi = Math.Min(_hi, TimeZones.EndOfLocalDate(t, ctx.Zone) - 1);
        _min = b.Min ?? 1;
        _max = b.Max ?? int.MaxValue;
        if (_min < 0 || _max < _min) throw new ColumnarException(ErrorCodes.BadOption, $"need 0 ≤ min ≤ max in {b}");
        _days = b.CountDays;
        _where = b.Where is { } p ? new RowFilter(ctx.Table, p) : null;
        _then = b.Then is null ? int.MinValue : Code(ctx.Table, b.Then);
        _gap = b.Gap is { } g ? g.Ticks / 10 : long.MaxValue;
        _thenNot = b.ThenNot is null ? int.MinValue : Code(ctx.Table, b.ThenNot);
    }

    /// <summary>
    /// True when the behaviour is a plain count of one event (or any) in the window: no property condition, sequence or day
    /// counting, so its rows are decided row by row and <see cref="WindowCounts"/> evaluates it in one pass.
    /// </summary>
    public bool IsWindowCount => _where is null && _then == int.MinValue && _thenNot == int.MinValue && !_days;

    /// <summary>The event code: ≥ 0, or negative for any event.</summary>
    public int EventCode => _code;

    /// <summary>True when the event is not in the table, so every count is 0.</summary>
    public bool NoEvent => _code == NoSuchEvent;

    /// <summary>The window's exclusive lower bound with the scope's lower bound applied (µs UTC).</summary>
    public long WindowLo => _ctx.Lower == long.MinValue ? _lo : Math.Max(_lo, _ctx.Lower - 1);

    /// <summary>The window's inclusive upper bound (µs UTC), never after as-of; long.MaxValue when no row of the table is after it.</summary>
    public long WindowHi => _ctx.Table.MaxTime is { } last && _hi >= last ? long.MaxValue : _hi;

    public int Min => _min;

    public int Max => _max;

    private static int Code(EventTable table, string? name) => name is null ? AnyEvent : table.EventCode(name) is var c and >= 0 ? c : NoSuchEvent;

    /// <summary>True when the user's measure is in [min, max].</summary>
    public bool Matches(int user)
    {
        // The answer is known once the count reaches min (no max) or passes max, so the scan may stop there.
        var c = Measure(user, _max == int.MaxValue ? Math.Max(1, _min) : _max + 1);
        return c >= _min && c <= _max;
    }

    /// <summary>The user's count of matching events (or distinct local days), counting no further than <paramref name="stopAt"/>.</summary>
    public int Measure(int user, int stopAt = int.MaxValue)
    {
        var (s, e) = _ctx.Rows(user);
        if (_code == NoSuchEvent || s == e) return 0;
        var times = _ctx.Table.Times;
        var codes = _ctx.Table.EventCodes;
        var ws = _lo == long.MinValue ? s : _ctx.FirstAfter(s, e, _lo);
        var we = _hi >= _ctx.AsOf ? e : _ctx.FirstAfter(ws, e, _hi);

        if (_where is null && _then == int.MinValue && _thenNot == int.MinValue && !_days)
        {
            var n = 0;
            if (_code == AnyEvent) return Math.Min(we - ws, stopAt);
            for (var r = ws; r < we && n < stopAt; r++)
                if (codes[r] == _code) n++;
            return n;
        }

        long lastThenNot = long.MinValue;
        if (_thenNot != int.MinValue)
        {
            if (_thenNot == NoSuchEvent) lastThenNot = long.MinValue;
            else
                for (var r = e - 1; r >= s; r--)
                    if (_thenNot == AnyEvent || codes[r] == _thenNot) { lastThenNot = times[r]; break; }
        }

        var count = 0;
        var lastDay = int.MinValue;
        var next = ws; // the next row at or after the current one that is a 'then' event
        long lastThenBefore = long.MinValue;
        for (var r = ws; r < we; r++)
        {
            var isThen = _then != int.MinValue && (_then == AnyEvent || codes[r] == _then);
            var counted = (_code == AnyEvent || codes[r] == _code) && (_where is null || _where.Matches(r));
            if (counted && _thenNot != int.MinValue && times[r] <= lastThenNot) counted = false;
            if (counted && _then != int.MinValue)
            {
                // followed by a 'then' row other than r: an earlier row at the same instant, or the first later one within the gap
                var ok = _then != NoSuchEvent && lastThenBefore == times[r];
                if (!ok && _then != NoSuchEvent)
                {
                    if (next <= r) next = r + 1;
                    while (next < we && !(_then == AnyEvent || codes[next] == _then)) next++;
                    ok = next < we && times[next] - times[r] <= _gap;
                }
                counted = ok;
            }
            if (isThen) lastThenBefore = times[r];
            if (!counted) continue;
            if (_days)
            {
                var d = _ctx.Day(times[r]);
                if (d != lastDay) { count++; lastDay = d; }
            }
            else count++;
            if (count >= stopAt) break;
        }
        return count;
    }
}

/// <summary>A property condition compiled for one column: string conditions compare dictionary codes, numbers compare values.</summary>
internal sealed class RowFilter
{
    private readonly PropertyColumn _column;
    private readonly string _op;
    private readonly int _code = -1;
    private readonly long _long;
    private readonly double _double;
    private readonly decimal _decimal;
    private readonly bool _bool;

    public RowFilter(EventTable table, PropertyCondition c)
    {
        _column = table.Property(c.Property)
            ?? throw new ColumnarException(ErrorCodes.UnknownProperty, $"no property '{c.Property}' (properties: {string.Join(", ", table.Properties.Select(p => p.Name))})");
        _op = c.Op;
        if (_op is not ("=" or "!=" or "<" or "<=" or ">" or ">="))
            throw new ColumnarException(ErrorCodes.BadOption, $"unknown comparison '{_op}' in {c}");
        var ok = true;
        switch (_column.Type)
        {
            case PropertyType.String:
                if (_op is not ("=" or "!=")) throw new ColumnarException(ErrorCodes.BadOption, $"text property '{c.Property}' supports only = and != in {c}");
                var dict = _column.DictionaryValues;
                for (var i = 0; i < dict.Length; i++)
                    if (dict.GetString(i) == c.Value) { _code = i; break; }
                break;
            case PropertyType.Int64: ok = long.TryParse(c.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _long); break;
            case PropertyType.Double: ok = double.TryParse(c.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _double); break;
            case PropertyType.Decimal: ok = decimal.TryParse(c.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _decimal); break;
            case PropertyType.Bool:
                ok = bool.TryParse(c.Value, out _bool) && _op is "=" or "!=";
                break;
            default:
                throw new ColumnarException(ErrorCodes.BadOption, $"conditions on {_column.Type} property '{c.Property}' are not supported");
        }
        if (!ok) throw new ColumnarException(ErrorCodes.BadOption, $"'{c.Value}' is not a valid {_column.Type} value for '{c.Property}' with '{_op}'");
    }

    public bool Matches(int row)
    {
        if (_column.IsNull(row)) return false;
        int cmp;
        switch (_column.Type)
        {
            case PropertyType.String:
                var eq = _column.Codes[row] == _code;
                return _op == "=" ? eq : !eq;
            case PropertyType.Int64: cmp = ((Int64Array)_column.Data).Values[row].CompareTo(_long); break;
            case PropertyType.Double: cmp = ((DoubleArray)_column.Data).Values[row].CompareTo(_double); break;
            case PropertyType.Decimal: cmp = ((Decimal128Array)_column.Data).GetValue(row)!.Value.CompareTo(_decimal); break;
            case PropertyType.Bool: cmp = ((BooleanArray)_column.Data).GetValue(row)!.Value.CompareTo(_bool); break;
            default: return false;
        }
        return _op switch
        {
            "=" => cmp == 0,
            "!=" => cmp != 0,
            "<" => cmp < 0,
            "<=" => cmp <= 0,
            ">" => cmp > 0,
            _ => cmp >= 0,
        };
    }
}
