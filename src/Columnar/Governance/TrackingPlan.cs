using System.Globalization;
using System.Text;
using System.Text.Json;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>
/// One property of a planned event: its type, whether every row of the event must carry it, and optionally the allowed values
/// (compared as canonical text for the declared type) or an inclusive numeric range.
/// </summary>
/// <param name="Name">The property (column) name.</param>
/// <param name="Type">The declared type. A string column satisfies a non-string type when its text parses as that type.</param>
/// <param name="Required">True when a null or absent value is a <see cref="PlanViolationKind.MissingRequired"/> violation.</param>
public sealed record PlannedProperty(string Name, PropertyType Type, bool Required = false)
{
    /// <summary>The allowed values, or null for any value.</summary>
    public IReadOnlyList<string>? Allowed { get; init; }

    /// <summary>The inclusive minimum of a numeric property, or null.</summary>
    public decimal? Min { get; init; }

    /// <summary>The inclusive maximum of a numeric property, or null.</summary>
    public decimal? Max { get; init; }
}

/// <summary>A planned event name and its properties.</summary>
/// <param name="Name">The event name, exactly as in the data.</param>
/// <param name="Properties">The declared properties; properties not listed are not checked.</param>
/// <param name="Identity">True for identity events (login, identify) that link an anonymous id to a user id.</param>
public sealed record PlannedEvent(string Name, IReadOnlyList<PlannedProperty> Properties, bool Identity = false);

/// <summary>
/// A declarative tracking plan: the events a dataset may contain and their properties. Stored as JSON:
/// <code>{"events":[{"name":"buy","identity":false,"properties":[{"name":"amount","type":"decimal","required":true,"min":0,"max":10000},
/// {"name":"channel","type":"string","allowed":["app","web"]}]}]}</code>
/// Types are <c>string</c>, <c>int64</c>, <c>double</c>, <c>bool</c>, <c>timestamp</c> and <c>decimal</c>; <c>min</c>/<c>max</c>
/// apply to numeric types only.
/// </summary>
public sealed record TrackingPlan(IReadOnlyList<PlannedEvent> Events)
{
    /// <summary>The planned event called <paramref name="name"/>, or null.</summary>
    public PlannedEvent? Event(string name) => Events.FirstOrDefault(e => e.Name == name);

    /// <summary>The names of the identity events.</summary>
    public IReadOnlyList<string> IdentityEvents => Events.Where(e => e.Identity).Select(e => e.Name).ToArray();

    /// <summary>Reads a plan from a JSON file.</summary>
    /// <exception cref="ColumnarException">COL0001 when the file is missing; GOV0001 when it is not a valid plan (naming file and line).</exception>
    public static TrackingPlan Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Ingest.InputFile.Require(path, "tracking plan");
        return Parse(File.ReadAllText(path), Path.GetFileName(path));
    }

    /// <summary>Parses a plan from JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="ColumnarException">GOV0001 for malformed JSON, an unknown type or key, a duplicate event or property, or min above max.</exception>
    public static TrackingPlan Parse(string json, string source = "plan")
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new ColumnarException(ErrorCodes.BadPlan, $"not valid JSON: {e.Message}", source, e.LineNumber + 1, inner: e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
                throw Bad(source, "the plan must be an object with an \"events\" array");
            var list = new List<PlannedEvent>();
            foreach (var e in events.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) throw Bad(source, "each event must be an object");
                CheckKeys(e, source, "event", "name", "identity", "properties");
                var name = String(e, "name", source, "event");
                if (list.Any(x => x.Name == name)) throw Bad(source, $"event '{name}' is declared twice");
                var identity = e.TryGetProperty("identity", out var id) && id.ValueKind == JsonValueKind.True;
                var props = new List<PlannedProperty>();
                if (e.TryGetProperty("properties", out var ps))
                {
                    if (ps.ValueKind != JsonValueKind.Array) throw Bad(source, $"event '{name}': \"properties\" must be an array");
                    foreach (var p in ps.EnumerateArray()) props.Add(ParseProperty(p, name, props, source));
                }
                list.Add(new PlannedEvent(name, props, identity));
            }
            return new TrackingPlan(list);
        }
    }

    private static PlannedProperty ParseProperty(JsonElement p, string ev, List<PlannedProperty> seen, string source)
    {
        if (p.ValueKind != JsonValueKind.Object) throw Bad(source, $"event '{ev}': each property must be an object");
        CheckKeys(p, source, $"event '{ev}' property", "name", "type", "required", "allowed", "min", "max");
        var name = String(p, "name", source, $"event '{ev}' property");
        if (seen.Any(x => x.Name == name)) throw Bad(source, $"event '{ev}': property '{name}' is declared twice");
        var typeText = p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "string";
        var type = ParseType(typeText) ?? throw Bad(source, $"event '{ev}' property '{name}': unknown type '{typeText}' (valid: {string.Join(", ", TypeNames)})");
        var required = p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True;
        IReadOnlyList<string>? allowed = null;
        if (p.TryGetProperty("allowed", out var a))
        {
            if (a.ValueKind != JsonValueKind.Array) throw Bad(source, $"event '{ev}' property '{name}': \"allowed\" must be an array");
            var values = new List<string>();
            foreach (var v in a.EnumerateArray())
            {
                var raw = v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString()!,
                    JsonValueKind.Number => v.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => throw Bad(source, $"event '{ev}' property '{name}': allowed values must be strings, numbers or booleans"),
                };
                values.Add(PlanValues.Canonical(raw, type) ?? throw Bad(source, $"event '{ev}' property '{name}': allowed value '{raw}' is not a {TypeName(type)}"));
            }
            allowed = values;
        }
        decimal? Bound(string key)
        {
            if (!p.TryGetProperty(key, out var b)) return null;
            if (type is not (PropertyType.Int64 or PropertyType.Double or PropertyType.Decimal))
                throw Bad(source, $"event '{ev}' property '{name}': \"{key}\" applies to int64, double and decimal properties only");
            if (b.ValueKind != JsonValueKind.Number || !b.TryGetDecimal(out var d)) throw Bad(source, $"event '{ev}' property '{name}': \"{key}\" must be a number");
            return d;
        }
        var min = Bound("min");
        var max = Bound("max");
        if (min > max) throw Bad(source, $"event '{ev}' property '{name}': min {min} is above max {max}");
        return new PlannedProperty(name, type, required) { Allowed = allowed, Min = min, Max = max };
    }

    private static readonly string[] TypeNames = ["string", "int64", "double", "bool", "timestamp", "decimal"];

    internal static PropertyType? ParseType(string text) => text.Trim().ToLowerInvariant() switch
    {
        "string" => PropertyType.String,
        "int64" => PropertyType.Int64,
        "double" => PropertyType.Double,
        "bool" => PropertyType.Bool,
        "timestamp" => PropertyType.Timestamp,
        "decimal" => PropertyType.Decimal,
        _ => null,
    };

    internal static string TypeName(PropertyType type) => type.ToString().ToLowerInvariant();

    private static void CheckKeys(JsonElement e, string source, string what, params string[] keys)
    {
        foreach (var p in e.EnumerateObject())
            if (!keys.Contains(p.Name)) throw Bad(source, $"{what}: unknown key \"{p.Name}\" (valid: {string.Join(", ", keys)})");
    }

    private static string String(JsonElement e, string key, string source, string what) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw Bad(source, $"{what}: \"{key}\" must be a non-empty string");

    private static ColumnarException Bad(string source, string reason) => new(ErrorCodes.BadPlan, reason, source);

    /// <summary>The plan as indented JSON, in the format <see cref="Parse"/> reads.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            foreach (var e in Events)
            {
                w.WriteStartObject();
                w.WriteString("name", e.Name);
                if (e.Identity) w.WriteBoolean("identity", true);
                w.WriteStartArray("properties");
                foreach (var p in e.Properties)
                {
                    w.WriteStartObject();
                    w.WriteString("name", p.Name);
                    w.WriteString("type", TypeName(p.Type));
                    w.WriteBoolean("required", p.Required);
                    if (p.Allowed is { } allowed)
                    {
                        w.WriteStartArray("allowed");
                        foreach (var v in allowed)
                        {
                            if (p.Type is PropertyType.Int64 or PropertyType.Double or PropertyType.Decimal) w.WriteRawValue(v);
                            else if (p.Type == PropertyType.Bool) w.WriteBooleanValue(v == "true");
                            else w.WriteStringValue(v);
                        }
                        w.WriteEndArray();
                    }
                    if (p.Min is { } min) w.WriteNumber("min", min);
                    if (p.Max is { } max) w.WriteNumber("max", max);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>
    /// Infers a starting plan from a table: one planned event per event name; for each property column seen on that event, its type
    /// (string columns whose every value is an integer become int64, a number double, true/false bool), required when every row of
    /// the event has a value, allowed values for string and bool properties with at most <paramref name="maxAllowedValues"/>
    /// distinct values each seen at least twice on average, and the observed inclusive min/max of numeric properties.
    /// </summary>
    /// <param name="table">The table to learn from.</param>
    /// <param name="maxAllowedValues">The largest distinct-value count that becomes an allowed set (default 20).</param>
    /// <param name="identityEvents">Event names to mark as identity events.</param>
    public static TrackingPlan Infer(EventTable table, int maxAllowedValues = 20, IEnumerable<string>? identityEvents = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (maxAllowedValues < 0) throw new ColumnarException(ErrorCodes.BadGovernanceOption, $"maxAllowedValues must be ≥ 0, got {maxAllowedValues}");
        return PlanInference.Infer(table, maxAllowedValues, identityEvents?.ToHashSet(StringComparer.Ordinal) ?? []);
    }
}

/// <summary>Canonical text of property values, so allowed sets compare equal values equal whatever their spelling or storage.</summary>
internal static class PlanValues
{
    /// <summary>The canonical text of <paramref name="raw"/> read as <paramref name="type"/>, or null when it is not such a value.</summary>
    public static string? Canonical(string raw, PropertyType type)
    {
        var inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case PropertyType.Int64:
                return long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, inv, out var l) ? l.ToString(inv) : null;
            case PropertyType.Double:
            case PropertyType.Decimal:
                return decimal.TryParse(raw.Trim(), NumberStyles.Float, inv, out var d) ? Number(d) : null;
            case PropertyType.Bool:
                var t = raw.Trim();
                if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t == "1") return "true";
                if (t.Equals("false", StringComparison.OrdinalIgnoreCase) || t == "0") return "false";
                return null;
            case PropertyType.Timestamp:
                return DateTimeOffset.TryParse(raw.Trim(), inv, DateTimeStyles.AssumeUniversal, out var ts)
                    ? ts.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", inv)
                    : null;
            default:
                return raw;
        }
    }

    /// <summary>A decimal without trailing zeros, invariant.</summary>
    public static string Number(decimal d) => (d / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
