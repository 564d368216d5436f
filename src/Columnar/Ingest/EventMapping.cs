using Columnar.Storage;

namespace Columnar.Ingest;

/// <summary>
/// Which source columns feed the event table. Keys match the CLI's <c>--map key=value</c>; every member is optional so a
/// mapping can override a preset key by key (<see cref="OverriddenBy"/>, <see cref="Preset.With"/>).
/// </summary>
/// <remarks>
/// Headerless text files name their columns by the preset's column list, or <c>column1..columnN</c> when the preset has none.
/// JSON Lines columns are the keys of the first object. Empty text fields (quoted or not) are null, for string properties too.
/// </remarks>
public sealed record EventMapping
{
    /// <summary>The column holding the user id. Rows with an empty user id are rejected (COL0005).</summary>
    public string? User { get; init; }

    /// <summary>The column holding the event time.</summary>
    public string? Time { get; init; }

    /// <summary>
    /// How to read <see cref="Time"/>: <c>epoch-s</c>, <c>epoch-ms</c>, <c>epoch-us</c> (integers since the Unix epoch, UTC),
    /// <c>iso</c> (ISO 8601, the default), or a .NET custom pattern such as <c>yyyy-MM-dd HH:mm:ss 'UTC'</c> or <c>yyyyMMdd</c>.
    /// Native timestamp columns (Parquet, Arrow) are taken as they are.
    /// </summary>
    public string? TimeFormat { get; init; }

    /// <summary>The IANA zone of zone-less text times and dates (a date means local midnight). Default: the effective <c>--tz</c>.</summary>
    public string? TimeZone { get; init; }

    /// <summary>The column holding the event name, or <c>=name</c> for a constant event.</summary>
    public string? Event { get; init; }

    /// <summary>Comma-separated property columns, each optionally <c>name:type</c> with type string, int64, double, bool, timestamp or decimal.
    /// Without a type, the preset's type for that column applies, else string.</summary>
    public string? Props { get; init; }

    /// <summary>The column holding the purchase amount; loaded as an exact decimal property of the same name.</summary>
    public string? Amount { get; init; }

    /// <summary>The column holding the order id; loaded as a property of the same name (string unless typed in <see cref="Props"/>).</summary>
    public string? Order { get; init; }

    /// <summary>The event name of a product view.</summary>
    public string? View { get; init; }

    /// <summary>The event name of an add-to-cart.</summary>
    public string? Cart { get; init; }

    /// <summary>The event name of a favourite.</summary>
    public string? Fav { get; init; }

    /// <summary>The event name of a purchase.</summary>
    public string? Purchase { get; init; }

    /// <summary>The valid keys, in CLI spelling.</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["user", "time", "time-format", "time-zone", "event", "props", "amount", "order", "view", "cart", "fav", "purchase"];

    /// <summary>
    /// Parses <c>key=value</c> items; an item may hold several pairs separated by <c>;</c>. The value is everything after the first
    /// <c>=</c>, so <c>event==purchase</c> sets a constant event. A later pair overrides an earlier one.
    /// </summary>
    /// <exception cref="ColumnarException">COL0010 for an unknown key, an item without <c>=</c>, or a bad <c>props</c> list (an unknown
    /// type, a column listed twice).</exception>
    public static EventMapping Parse(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var m = new EventMapping();
        foreach (var item in pairs)
        {
            foreach (var raw in item.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = raw.IndexOf('=');
                if (eq <= 0)
                    throw new ColumnarException(ErrorCodes.BadMapping, $"mapping item '{raw}' is not key=value (valid keys: {string.Join(", ", Keys)})");
                var key = raw[..eq].Trim();
                var value = raw[(eq + 1)..].Trim();
                m = key switch
                {
                    "user" => m with { User = value },
                    "time" => m with { Time = value },
                    "time-format" => m with { TimeFormat = value },
                    "time-zone" => m with { TimeZone = value },
                    "event" => m with { Event = value },
                    "props" => m with { Props = value },
                    "amount" => m with { Amount = value },
                    "order" => m with { Order = value },
                    "view" => m with { View = value },
                    "cart" => m with { Cart = value },
                    "fav" => m with { Fav = value },
                    "purchase" => m with { Purchase = value },
                    _ => throw new ColumnarException(ErrorCodes.BadMapping, $"unknown mapping key '{key}' (valid keys: {string.Join(", ", Keys)})"),
                };
            }
        }
        m.ParseProps(); // a bad props list is a mapping error here, before any file is opened
        return m;
    }

    /// <summary>This mapping with every key that <paramref name="overrides"/> sets replaced by its value.</summary>
    public EventMapping OverriddenBy(EventMapping? overrides) => overrides is null ? this : new EventMapping
    {
        User = overrides.User ?? User,
        Time = overrides.Time ?? Time,
        TimeFormat = overrides.TimeFormat ?? TimeFormat,
        TimeZone = overrides.TimeZone ?? TimeZone,
        Event = overrides.Event ?? Event,
        Props = overrides.Props ?? Props,
        Amount = overrides.Amount ?? Amount,
        Order = overrides.Order ?? Order,
        View = overrides.View ?? View,
        Cart = overrides.Cart ?? Cart,
        Fav = overrides.Fav ?? Fav,
        Purchase = overrides.Purchase ?? Purchase,
    };

    /// <summary>The event roles this mapping declares; the amount and order roles name the property columns.</summary>
    public EventRoles ToRoles() => new(Blank(View), Blank(Cart), Blank(Fav), Blank(Purchase), Blank(Amount), Blank(Order));

    /// <summary>The <c>key=value</c> pairs that are set, in CLI spelling.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        void Add(string k, string? v) { if (v is not null) parts.Add($"{k}={v}"); }
        Add("user", User); Add("time", Time); Add("time-format", TimeFormat); Add("time-zone", TimeZone); Add("event", Event);
        Add("props", Props); Add("amount", Amount); Add("order", Order);
        Add("view", View); Add("cart", Cart); Add("fav", Fav); Add("purchase", Purchase);
        return string.Join("; ", parts);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    /// <summary>The parsed <see cref="Props"/> list: column names with an explicit type, or null type when none was given.</summary>
    internal IReadOnlyList<(string Column, PropertyType? Type)> ParseProps()
    {
        if (string.IsNullOrWhiteSpace(Props)) return [];
        var list = new List<(string Column, PropertyType? Type)>();
        foreach (var part in Props.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            var name = colon < 0 ? part : part[..colon].Trim();
            // Listed twice is a typo, or two types for one column; either way the second would be silently dropped.
            if (list.Any(p => p.Column == name))
                throw new ColumnarException(ErrorCodes.BadMapping, $"props lists the column '{name}' twice (props={Props})");
            if (colon < 0) { list.Add((name, null)); continue; }
            var type = part[(colon + 1)..].Trim().ToLowerInvariant() switch
            {
                "string" => PropertyType.String,
                "int64" => PropertyType.Int64,
                "double" => PropertyType.Double,
                "bool" => PropertyType.Bool,
                "timestamp" => PropertyType.Timestamp,
                "decimal" => PropertyType.Decimal,
                var t => throw new ColumnarException(ErrorCodes.BadMapping,
                    $"unknown property type '{t}' for '{name}' (valid: string, int64, double, bool, timestamp, decimal)"),
            };
            list.Add((name, type));
        }
        return list;
    }
}
