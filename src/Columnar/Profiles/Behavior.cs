using System.Globalization;
using System.Text;

namespace Columnar.Profiles;

/// <summary>
/// A behavioural condition on one user, evaluated as of a time <c>asOf</c> (inclusive; events after it never count).
/// It counts the user's <see cref="Event"/> rows (or distinct local days with such rows, see <see cref="CountDays"/>)
/// that pass <see cref="Where"/>, in the time window, and holds when <c>Min ≤ count ≤ Max</c>.
/// <see cref="Within"/> D means the window (asOf − D, asOf]; <see cref="From"/>/<see cref="To"/> are local dates, both inclusive.
/// <see cref="Min"/> defaults to 1 (so <c>did(buy, max=2)</c> means 1 or 2 times; write <c>min=0</c> to include 0).
/// </summary>
public sealed record Behavior
{
    /// <summary>The event name, or null for any event.</summary>
    public string? Event { get; init; }

    /// <summary>The least count (inclusive); null means 1.</summary>
    public int? Min { get; init; }

    /// <summary>The greatest count (inclusive), or null for no limit.</summary>
    public int? Max { get; init; }

    /// <summary>Count distinct local dates (in the query's time zone) with a matching event instead of events.</summary>
    public bool CountDays { get; init; }

    /// <summary>Only events in (asOf − Within, asOf]; null for no relative window.</summary>
    public TimeSpan? Within { get; init; }

    /// <summary>Only events on or after this local date.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Only events on or before this local date.</summary>
    public DateOnly? To { get; init; }

    /// <summary>A condition on a property of the counted events, or null.</summary>
    public PropertyCondition? Where { get; init; }

    /// <summary>Count only events followed by this event (at the same instant or later, in the window, at most <see cref="Gap"/> later).</summary>
    public string? Then { get; init; }

    /// <summary>The greatest time from the event to its <see cref="Then"/> event (inclusive); null for no limit.</summary>
    public TimeSpan? Gap { get; init; }

    /// <summary>Count only events with no event of this name at the same instant or later, up to asOf (for example a cart with no later purchase).</summary>
    public string? ThenNot { get; init; }

    /// <summary>Did <paramref name="eventName"/> (null or <c>any</c> for any event) at least once.</summary>
    public static Behavior Did(string? eventName) => new() { Event = eventName is null or "any" ? null : eventName };

    /// <summary>Counts at least <paramref name="n"/>.</summary>
    public Behavior AtLeast(int n) => this with { Min = n };

    /// <summary>Counts at most <paramref name="n"/>.</summary>
    public Behavior AtMost(int n) => this with { Max = n };

    /// <summary>Counts distinct local days instead of events.</summary>
    public Behavior Days() => this with { CountDays = true };

    /// <summary>Only events in (asOf − <paramref name="window"/>, asOf].</summary>
    public Behavior InLast(TimeSpan window) => this with { Within = window };

    /// <summary>Only events on local dates <paramref name="from"/>..<paramref name="to"/>, both inclusive (either may be null).</summary>
    public Behavior Between(DateOnly? from, DateOnly? to) => this with { From = from, To = to };

    /// <summary>Only events whose property satisfies the condition, for example <c>WhereProperty("category_id", "=", "4756105")</c>.</summary>
    public Behavior WhereProperty(string property, string op, string value) => this with { Where = new PropertyCondition(property, op, value) };

    /// <summary>Only events followed by <paramref name="eventName"/> within <paramref name="gap"/> (null for no limit).</summary>
    public Behavior FollowedBy(string eventName, TimeSpan? gap = null) => this with { Then = eventName, Gap = gap };

    /// <summary>Only events not followed by <paramref name="eventName"/> up to asOf.</summary>
    public Behavior NotFollowedBy(string eventName) => this with { ThenNot = eventName };

    /// <summary>The condition in the segment grammar, for example <c>did(buy, min=2, within=30d)</c>.</summary>
    public override string ToString() => Format("did");

    internal string Format(string function)
    {
        var sb = new StringBuilder(function).Append('(').Append(Event is null ? "any" : SegmentText.Value(Event));
        if (CountDays)
        {
            if (Min is { } a) sb.Append(", mindays=").Append(a);
            if (Max is { } b) sb.Append(", maxdays=").Append(b);
        }
        else
        {
            if (Min is { } a) sb.Append(", min=").Append(a);
            if (Max is { } b) sb.Append(", max=").Append(b);
        }
        if (Within is { } w) sb.Append(", within=").Append(SegmentText.Duration(w));
        if (From is { } f) sb.Append(", from=").Append(f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (To is { } t) sb.Append(", to=").Append(t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (Where is { } p) sb.Append(", ").Append(p);
        if (Then is { } n) sb.Append(", then=").Append(SegmentText.Value(n));
        if (Gap is { } g) sb.Append(", gap=").Append(SegmentText.Duration(g));
        if (ThenNot is { } x) sb.Append(", thennot=").Append(SegmentText.Value(x));
        return sb.Append(')').ToString();
    }
}

/// <summary>A condition on a property of an event: <c>=</c>, <c>!=</c> (any type), <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c> (numbers).
/// A row whose property is null never satisfies it.</summary>
/// <param name="Property">The property column.</param>
/// <param name="Op">One of <c>=</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&gt;=</c>.</param>
/// <param name="Value">The value as text, parsed by the column's type.</param>
public sealed record PropertyCondition(string Property, string Op, string Value)
{
    /// <summary>The condition in the segment grammar, for example <c>category_id=4756105</c>.</summary>
    public override string ToString() => $"{SegmentText.Value(Property)}{Op}{SegmentText.Value(Value)}";
}

/// <summary>Formatting of names, values and durations in the segment grammar.</summary>
internal static class SegmentText
{
    public static bool IsNameChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '.' or ':' or '/';

    public static string Value(string v) => v.Length > 0 && v.All(IsNameChar) ? v : "\"" + v.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Duration(TimeSpan d)
    {
        if (d.Ticks % TimeSpan.TicksPerDay == 0) return $"{d.Ticks / TimeSpan.TicksPerDay}d";
        if (d.Ticks % TimeSpan.TicksPerHour == 0) return $"{d.Ticks / TimeSpan.TicksPerHour}h";
        if (d.Ticks % TimeSpan.TicksPerMinute == 0) return $"{d.Ticks / TimeSpan.TicksPerMinute}m";
        return $"{d.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
    }

    /// <summary>
    /// Parses <c>90s</c>, <c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c> or <c>1.5h</c>; null when malformed, not positive, shorter
    /// than 1 µs (the time resolution) or too long for a <see cref="TimeSpan"/>. The CLI's duration flags use it too.
    /// </summary>
    public static TimeSpan? ParseDuration(string v)
    {
        if (v.Length < 2) return null;
        if (!double.TryParse(v[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0) return null;
        TimeSpan? span;
        try
        {
            span = v[^1] switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                'w' => TimeSpan.FromDays(7 * n),
                _ => null,
            };
        }
        catch (OverflowException)
        {
            return null;
        }
        return span is { } d && d.Ticks >= TimeSpan.TicksPerMicrosecond ? d : null;
    }
}
