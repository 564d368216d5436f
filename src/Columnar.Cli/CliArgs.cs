using System.Globalization;

namespace Columnar.Cli;

/// <summary>A usage error: bad flags or values. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Parsed command-line arguments: one command, then <c>--name value</c> options (repeatable ones keep every value),
/// boolean flags and positional arguments. Unknown options are usage errors. A lone <c>--</c> ends the options: every argument
/// after it is positional, even one that starts with <c>--</c> (such as SQL opening with a <c>-- comment</c>).
/// </summary>
internal sealed class CliArgs
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public string Command { get; }
    public IReadOnlyList<string> Positional { get; }

    private CliArgs(string command, List<string> positional)
    {
        Command = command;
        Positional = positional;
    }

    /// <summary>Parses <paramref name="args"/> given the option names that take a value and the boolean flags.</summary>
    public static CliArgs Parse(string[] args, ISet<string> valueOptions, ISet<string> flagOptions)
    {
        if (args.Length == 0) throw new UsageException("missing command");
        var positional = new List<string>();
        var parsed = new CliArgs(args[0], positional);
        for (var i = 1; i < args.Length; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                positional.AddRange(args.AsSpan(i + 1));
                break;
            }
            if (!a.StartsWith("--", StringComparison.Ordinal))
            {
                positional.Add(a);
                continue;
            }
            var name = a[2..];
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            if (flagOptions.Contains(name))
            {
                if (inline is not null) throw new UsageException($"--{name} takes no value");
                parsed._flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"--{name} needs a value"));
                if (!parsed._values.TryGetValue(name, out var list)) parsed._values[name] = list = [];
                list.Add(value);
            }
            else
            {
                throw new UsageException($"unknown option --{name} for '{args[0]}'");
            }
        }
        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name)
    {
        if (!_values.TryGetValue(name, out var list)) return null;
        if (list.Count > 1) throw new UsageException($"--{name} is given {list.Count} times");
        return list[0];
    }

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var v = Value(name);
        if (v is null) return null;
        if (!int.TryParse(v.Replace("_", "", StringComparison.Ordinal), NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new UsageException(max == int.MaxValue
                ? $"--{name} expects an integer ≥ {min}, got '{v}'"
                : $"--{name} expects an integer from {min} to {max}, got '{v}'");
        return n;
    }

    /// <summary>The retention period of <c>--period day|week|month</c>, or null when absent.</summary>
    public Analytics.CalendarPeriod? Period() => Value("period") switch
    {
        null => null,
        "day" => Analytics.CalendarPeriod.Day,
        "week" => Analytics.CalendarPeriod.Week,
        "month" => Analytics.CalendarPeriod.Month,
        var other => throw new UsageException($"--period expects day, week or month, got '{other}'"),
    };

    /// <summary>Comma-separated event names (for example <c>--funnel pv,cart,buy</c>), or null when absent.</summary>
    public string[]? Steps(string name)
    {
        var steps = Value(name)?.Split(',', StringSplitOptions.TrimEntries);
        if (steps is not null && steps.Any(s => s.Length == 0)) throw new UsageException($"--{name} expects comma-separated event names, e.g. pv,cart,buy");
        return steps;
    }

    public DateOnly? Date(string name)
    {
        var v = Value(name);
        if (v is null) return null;
        return DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new UsageException($"--{name} expects a local date yyyy-MM-dd, got '{v}'");
    }

    public TimeSpan? Duration(string name)
    {
        var v = Value(name);
        if (v is null) return null;
        return ParseDuration(v) ?? throw new UsageException($"--{name} expects a duration from 1 µs up, such as 30m, 24h, 1d or 90s, got '{v}'");
    }

    /// <summary>The same duration syntax as segment rules (<c>30m</c>, <c>24h</c>, <c>1d</c>, <c>90s</c>, <c>2w</c>).</summary>
    public static TimeSpan? ParseDuration(string v) => Columnar.Profiles.SegmentText.ParseDuration(v);
}
