using System.Globalization;

namespace Columnar.Query;

/// <summary>The kind of an <see cref="EventFilter"/>.</summary>
public enum FilterKind
{
    /// <summary>The event name is one of <see cref="EventFilter.Values"/>.</summary>
    EventIn,
    /// <summary>The property equals the value (a null property never matches).</summary>
    Equal,
    /// <summary>The property has a value and it differs from the value (a null property never matches, as in SQL).</summary>
    NotEqual,
    /// <summary>The property equals one of the values (a null property never matches).</summary>
    In,
    /// <summary>The property lies in [<see cref="EventFilter.Min"/>, <see cref="EventFilter.Max"/>], both inclusive; a null bound is open.</summary>
    Range,
    /// <summary>The property is null (absent on the event).</summary>
    IsNull,
    /// <summary>The property has a value.</summary>
    IsNotNull,
}

/// <summary>
/// A row filter of a query: it keeps the events that match, before any analysis (filters combine with AND, and with the
/// date range). Values are typed like the property: string; long (or int) for Int64; any number for Double; decimal (or an
/// integer) for Decimal, compared exactly; bool; DateTime in UTC for Timestamp (truncated to µs).
/// Ranges apply to Int64, Double, Decimal and Timestamp properties. Names and values never become SQL text: names are quoted
/// identifiers and values are bound parameters. Doubles compare like DuckDB: NaN equals NaN and sorts above every number.
/// </summary>
public sealed class EventFilter
{
    private EventFilter(FilterKind kind, string? property, IReadOnlyList<object> values, object? min, object? max)
    {
        Kind = kind;
        Property = property;
        Values = values;
        Min = min;
        Max = max;
    }

    /// <summary>What the filter tests.</summary>
    public FilterKind Kind { get; }

    /// <summary>The property tested, or null for <see cref="FilterKind.EventIn"/>.</summary>
    public string? Property { get; }

    /// <summary>The event names (<see cref="FilterKind.EventIn"/>) or the values compared (<see cref="FilterKind.Equal"/>,
    /// <see cref="FilterKind.NotEqual"/>, <see cref="FilterKind.In"/>); empty otherwise.</summary>
    public IReadOnlyList<object> Values { get; }

    /// <summary>The inclusive lower bound of a <see cref="FilterKind.Range"/>, or null for none.</summary>
    public object? Min { get; }

    /// <summary>The inclusive upper bound of a <see cref="FilterKind.Range"/>, or null for none.</summary>
    public object? Max { get; }

    /// <summary>Keeps events whose name is one of <paramref name="names"/> (an empty list keeps nothing).</summary>
    /// <param name="names">Event names, compared exactly.</param>
    public static EventFilter EventIn(params string[] names) =>
        new(FilterKind.EventIn, null, names.Select(n => (object)(n ?? throw new ColumnarException(ErrorCodes.BadOption, "an event name in a filter is null"))).ToArray(), null, null);

    /// <summary>Keeps events whose <paramref name="property"/> equals <paramref name="value"/>.</summary>
    /// <param name="property">The property name.</param>
    /// <param name="value">The value; use <see cref="IsNull"/> to test for null.</param>
    public static EventFilter Equal(string property, object value) => new(FilterKind.Equal, Name(property), [NotNull(property, value)], null, null);

    /// <summary>Keeps events whose <paramref name="property"/> has a value other than <paramref name="value"/>.</summary>
    /// <param name="property">The property name.</param>
    /// <param name="value">The value.</param>
    public static EventFilter NotEqual(string property, object value) => new(FilterKind.NotEqual, Name(property), [NotNull(property, value)], null, null);

    /// <summary>Keeps events whose <paramref name="property"/> equals one of <paramref name="values"/> (an empty list keeps nothing).</summary>
    /// <param name="property">The property name.</param>
    /// <param name="values">The values.</param>
    public static EventFilter In(string property, params object[] values) =>
        new(FilterKind.In, Name(property), values.Select(v => NotNull(property, v)).ToArray(), null, null);

    /// <summary>Keeps events whose <paramref name="property"/> lies in [<paramref name="min"/>, <paramref name="max"/>], both inclusive.</summary>
    /// <param name="property">An Int64, Double, Decimal or Timestamp property.</param>
    /// <param name="min">The lower bound, or null for none.</param>
    /// <param name="max">The upper bound, or null for none.</param>
    public static EventFilter Range(string property, object? min, object? max) => new(FilterKind.Range, Name(property), [], min, max);

    /// <summary>Keeps events on which <paramref name="property"/> is null.</summary>
    /// <param name="property">The property name.</param>
    public static EventFilter IsNull(string property) => new(FilterKind.IsNull, Name(property), [], null, null);

    /// <summary>Keeps events on which <paramref name="property"/> has a value.</summary>
    /// <param name="property">The property name.</param>
    public static EventFilter IsNotNull(string property) => new(FilterKind.IsNotNull, Name(property), [], null, null);

    private static string Name(string property) =>
        string.IsNullOrEmpty(property) ? throw new ColumnarException(ErrorCodes.BadOption, "a filter needs a property name") : property;

    private static object NotNull(string property, object? value) =>
        value ?? throw new ColumnarException(ErrorCodes.BadOption, $"filter on '{property}' compares with null; use EventFilter.IsNull", column: property);

    /// <summary>A readable form, such as <c>event in ('cart', 'buy')</c> or <c>"price" in [10, 20]</c>.</summary>
    public override string ToString()
    {
        var name = Property is null ? "event" : Sql.SqlText.Ident(Property);
        return Kind switch
        {
            FilterKind.EventIn => $"event in ({string.Join(", ", Values.Select(Show))})",
            FilterKind.Equal => $"{name} = {Show(Values[0])}",
            FilterKind.NotEqual => $"{name} ≠ {Show(Values[0])} (and not null)",
            FilterKind.In => $"{name} in ({string.Join(", ", Values.Select(Show))})",
            FilterKind.Range => $"{name} in [{(Min is null ? "-∞" : Show(Min))}, {(Max is null ? "+∞" : Show(Max))}]",
            FilterKind.IsNull => $"{name} is null",
            _ => $"{name} is not null",
        };
    }

    internal static string Show(object v) => v switch
    {
        string s => Sql.SqlText.Literal(s),
        DateTime d => d.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
    };
}
