using System.Text.RegularExpressions;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>Why a user is flagged as a bot, in precedence order (a user with several reasons counts under the first).</summary>
public enum BotReason
{
    /// <summary>More than <see cref="BotOptions.MaxEventsPerMinute"/> events within some 60-second span.</summary>
    InhumanRate,
    /// <summary>A session (gap above <see cref="BotOptions.SessionTimeout"/> splits) with at least <see cref="BotOptions.MaxSessionEvents"/> events.</summary>
    HugeSession,
    /// <summary>At least <see cref="BotOptions.RegularMinEvents"/> events whose gaps are all positive and equal within <see cref="BotOptions.RegularGapTolerance"/>.</summary>
    RegularGaps,
    /// <summary>A value of the user-agent property matches <see cref="BotOptions.UserAgentPattern"/>.</summary>
    UserAgent,
}

/// <summary>Per-user bot flags. Every row of a flagged user is a bot row: counted always, removed only with <see cref="Exclude"/>.</summary>
public sealed record BotOptions
{
    /// <summary>The most events a human makes in any 60-second span (default 120); more flags <see cref="BotReason.InhumanRate"/>.</summary>
    public int MaxEventsPerMinute { get; init; } = 120;

    /// <summary>The session size that flags <see cref="BotReason.HugeSession"/> (default 1,000 events).</summary>
    public int MaxSessionEvents { get; init; } = 1000;

    /// <summary>The gap that splits sessions for <see cref="MaxSessionEvents"/> (default 30 min; a gap greater than it splits).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The fewest events for <see cref="BotReason.RegularGaps"/> (default 20).</summary>
    public int RegularMinEvents { get; init; } = 20;

    /// <summary>How much the largest and smallest gap may differ and still be "perfectly regular" (default 0: identical gaps).</summary>
    public TimeSpan RegularGapTolerance { get; init; } = TimeSpan.Zero;

    /// <summary>A string property holding the user agent, or null when the data has none.</summary>
    public string? UserAgentProperty { get; init; }

    /// <summary>A case-insensitive regular expression for bot user agents.</summary>
    public string UserAgentPattern { get; init; } = @"bot|crawl|spider|slurp|headless|python-requests|curl/|wget|scrapy|httpclient";

    /// <summary>Remove flagged users' rows from the governed table (default false: flag and keep).</summary>
    public bool Exclude { get; init; }
}

internal static class BotDetector
{
    /// <summary>The first bot reason of each dense user, or -1.</summary>
    public static sbyte[] Find(EventTable table, BotOptions options)
    {
        if (options.MaxEventsPerMinute < 1 || options.MaxSessionEvents < 2 || options.RegularMinEvents < 3 || options.SessionTimeout <= TimeSpan.Zero
            || options.RegularGapTolerance < TimeSpan.Zero)
            throw new ColumnarException(ErrorCodes.BadGovernanceOption,
                "bot thresholds must be positive (events per minute ≥ 1, session events ≥ 2, regular events ≥ 3, timeout > 0, tolerance ≥ 0)");
        var times = table.Times;
        var offsets = table.Offsets;
        var flags = new sbyte[table.UserCount];
        Array.Fill(flags, (sbyte)-1);
        const long Minute = 60_000_000L;
        var timeout = options.SessionTimeout.Ticks / 10;
        var tolerance = options.RegularGapTolerance.Ticks / 10;
        ColumnValues? agents = null;
        Regex? pattern = null;
        if (options.UserAgentProperty is { } ua)
        {
            var p = table.Property(ua) ?? throw new ColumnarException(ErrorCodes.BadGovernanceOption, $"the user-agent property '{ua}' is not a column");
            if (p.Type != PropertyType.String) throw new ColumnarException(ErrorCodes.BadGovernanceOption, $"the user-agent property '{ua}' is not a string column");
            agents = new ColumnValues(p);
            pattern = new Regex(options.UserAgentPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        var agentHits = new Dictionary<int, bool>();
        for (var u = 0; u < table.UserCount; u++)
        {
            int s = offsets[u], e = offsets[u + 1];
            // Sliding 60-second span [t_i, t_i + 60 s): the most events inside any such span.
            var rate = false;
            for (int i = s, j = s; j < e && !rate; j++)
            {
                while (times[j] - times[i] >= Minute) i++;
                rate = j - i + 1 > options.MaxEventsPerMinute;
            }
            if (rate) { flags[u] = (sbyte)BotReason.InhumanRate; continue; }

            var huge = false;
            for (int start = s, j = s + 1; j <= e && !huge; j++)
            {
                if (j == e || times[j] - times[j - 1] > timeout)
                {
                    huge = j - start >= options.MaxSessionEvents;
                    start = j;
                }
            }
            if (huge) { flags[u] = (sbyte)BotReason.HugeSession; continue; }

            if (e - s >= options.RegularMinEvents)
            {
                long min = long.MaxValue, max = long.MinValue;
                for (var j = s + 1; j < e; j++)
                {
                    var g = times[j] - times[j - 1];
                    if (g < min) min = g;
                    if (g > max) max = g;
                }
                if (min > 0 && max - min <= tolerance) { flags[u] = (sbyte)BotReason.RegularGaps; continue; }
            }

            if (agents is not null)
            {
                for (var r = s; r < e; r++)
                {
                    if (agents.IsNull(r)) continue;
                    var code = agents.Code(r);
                    if (!agentHits.TryGetValue(code, out var hit)) agentHits[code] = hit = pattern!.IsMatch(agents.String(r));
                    if (hit) { flags[u] = (sbyte)BotReason.UserAgent; break; }
                }
            }
        }
        return flags;
    }
}
