using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>Why a row's time is implausible, in precedence order.</summary>
public enum TimeIssue
{
    /// <summary>Before <see cref="TimeHygieneOptions.Start"/>.</summary>
    BeforeStart,
    /// <summary>At or after <see cref="TimeHygieneOptions.End"/>.</summary>
    AfterEnd,
    /// <summary>Later than the load time plus <see cref="TimeHygieneOptions.FutureTolerance"/>.</summary>
    Future,
}

/// <summary>
/// Time hygiene. Zone normalisation happens at load: every time is stored as UTC (text with an offset or <c>Z</c> is converted,
/// zone-less text is read in the mapping's or the load's IANA zone). Here: clock-skew correction and the plausible range.
/// </summary>
public sealed record TimeHygieneOptions
{
    /// <summary>The earliest plausible time, inclusive; null for no lower bound.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The end of the plausible range, exclusive; null for no upper bound.</summary>
    public DateTimeOffset? End { get; init; }

    /// <summary>How far past the load time an event may lie before it counts as future (default 5 min); null disables the check.</summary>
    public TimeSpan? FutureTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The load time the future check uses; null means the current time when governance runs.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>
    /// A timestamp property holding when the client sent the event (its own clock). With <see cref="ReceivedAtProperty"/>, the clock-skew
    /// rule is: corrected time = time + (received-at − sent-at), the client's offset from the server clock, applied to rows that carry both.
    /// </summary>
    public string? SentAtProperty { get; init; }

    /// <summary>A timestamp property holding when the server received the event (the trusted clock). Required with <see cref="SentAtProperty"/>.</summary>
    public string? ReceivedAtProperty { get; init; }

    /// <summary>Remove out-of-range rows from the governed table (default false: flag and keep).</summary>
    public bool Exclude { get; init; }
}

internal static class TimeHygiene
{
    /// <summary>Corrected times for every row, or null when no skew columns are set; <paramref name="corrected"/> counts changed rows.</summary>
    public static long[]? CorrectSkew(EventTable table, TimeHygieneOptions options, out long corrected)
    {
        corrected = 0;
        if (options.SentAtProperty is null && options.ReceivedAtProperty is null) return null;
        if (options.SentAtProperty is null || options.ReceivedAtProperty is null)
            throw new ColumnarException(ErrorCodes.BadGovernanceOption, "clock-skew correction needs both the sent-at and the received-at property");
        var sent = Timestamps(table, options.SentAtProperty);
        var received = Timestamps(table, options.ReceivedAtProperty);
        var times = table.Times.ToArray();
        for (var r = 0; r < times.Length; r++)
        {
            if (sent.IsNull(r) || received.IsNull(r)) continue;
            var skew = received.Values[r] - sent.Values[r];
            if (skew == 0) continue;
            times[r] += skew;
            corrected++;
        }
        return times;
    }

    private static TimestampArray Timestamps(EventTable table, string name)
    {
        var p = table.Property(name) ?? throw new ColumnarException(ErrorCodes.BadGovernanceOption,
            $"clock-skew property '{name}' is not a column (columns: {string.Join(", ", table.Properties.Select(x => x.Name))})");
        return p.Type == PropertyType.Timestamp
            ? (TimestampArray)p.Data
            : throw new ColumnarException(ErrorCodes.BadGovernanceOption, $"clock-skew property '{name}' is {p.Type.ToString().ToLowerInvariant()}, not timestamp (map it as '{name}:timestamp')");
    }

    /// <summary>The time issue of each row, or -1.</summary>
    public static sbyte[] Check(EventTable table, TimeHygieneOptions options, DateTimeOffset now)
    {
        var start = options.Start is { } s ? Time.TimeZones.ToMicros(s.UtcDateTime) : long.MinValue;
        var end = options.End is { } e ? Time.TimeZones.ToMicros(e.UtcDateTime) : long.MaxValue;
        if (start >= end) throw new ColumnarException(ErrorCodes.BadGovernanceOption, $"the plausible time range is empty: start {options.Start:o} is not before end {options.End:o}");
        var future = options.FutureTolerance is { } tol ? Time.TimeZones.ToMicros(now.UtcDateTime) + tol.Ticks / 10 : long.MaxValue;
        var times = table.Times;
        var issue = new sbyte[times.Length];
        for (var r = 0; r < times.Length; r++)
        {
            var t = times[r];
            issue[r] = t < start ? (sbyte)TimeIssue.BeforeStart : t >= end ? (sbyte)TimeIssue.AfterEnd : t > future ? (sbyte)TimeIssue.Future : (sbyte)-1;
        }
        return issue;
    }
}
