using System.Text.Json;
using Columnar.Analytics;
using Columnar.Storage;

namespace Columnar.Profiles;

/// <summary>
/// Reads a JSON tag file: <c>{"defaults": true|false, "tags": [ … ]}</c>, where each entry is one of
/// <c>{"name", "rule": "did(…) …"}</c>, <c>{"name", "levels": [{"value", "rule"}, …]}</c>,
/// <c>{"name", "interest": "property", "top": 3, "weights": {"view", "fav", "cart", "purchase"}, "within": "30d"}</c>,
/// <c>{"attributes": "users.csv", "id": "user_id", "buckets": {"age": [18, 25, 35]}}</c> (path relative to the tag file),
/// <c>{"name", "rfm": true}</c>, <c>{"name", "lifecycle": "day|week|month"}</c> and
/// <c>{"name", "funnel": ["pv", "cart", "buy"], "window": "1d"}</c>. Rules use the segment grammar's did/didnot atoms.
/// </summary>
public static class TagFile
{
    /// <summary>The definitions of the tag file at <paramref name="path"/> (with the defaults of <paramref name="table"/> first when <c>"defaults": true</c>).</summary>
    /// <exception cref="ColumnarException">COL0001 for a missing file; PRO0003 naming the file and the entry for an invalid one.</exception>
    public static IReadOnlyList<TagDefinition> Load(string path, EventTable table)
    {
        Ingest.InputFile.Require(path, "tag file");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            // The reader's message ends with its own 0-based position ("Path: $ | LineNumber: 1 | …"): keep the reason only.
            var reason = e.Message;
            var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal) is var at and >= 0 ? at : reason.IndexOf(" LineNumber: ", StringComparison.Ordinal);
            if (cut >= 0) reason = reason[..cut];
            var where = e.BytePositionInLine is { } b ? $"at byte {b + 1} of the line: " : "";
            throw new ColumnarException(ErrorCodes.BadTagDefinition, $"invalid JSON {where}{reason.TrimEnd('.', ' ')}", path, e.LineNumber + 1, inner: e);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Bad(path, "the root must be an object with \"tags\"");
            var list = new List<TagDefinition>();
            if (root.TryGetProperty("defaults", out var d) && d.ValueKind == JsonValueKind.True) list.AddRange(TagDefinition.Defaults(table));
            if (!root.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) throw Bad(path, "missing \"tags\" array");
            var i = 0;
            var defaults = list.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
            var entryOf = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var t in tags.EnumerateArray())
            {
                i++;
                try
                {
                    foreach (var def in Entry(t, path, table))
                    {
                        if (defaults.Contains(def.Name)) throw Bad(path, $"tag entry {i}: tag '{def.Name}' is already a default tag (\"defaults\": true)");
                        if (!entryOf.TryAdd(def.Name, i)) throw Bad(path, $"tag entry {i}: tag '{def.Name}' is defined twice (also in tag entry {entryOf[def.Name]})");
                        list.Add(def);
                    }
                }
                catch (ColumnarException e) when (e.File is null)
                {
                    throw new ColumnarException(e.Code, $"tag entry {i}: {e.Reason}", path, inner: e);
                }
                catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException)
                {
                    throw Bad(path, $"tag entry {i}: {e.Message}");
                }
            }
            return list;
        }
    }

    /// <summary>
    /// The user tables (<c>"attributes"</c> entries) the tag file at <paramref name="path"/> reads, resolved against its folder, so a
    /// command can refuse to overwrite them; none when the file is missing or invalid, which <see cref="Load"/> reports.
    /// </summary>
    internal static IReadOnlyList<string> AttributeFiles(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array) return [];
            return tags.EnumerateArray()
                .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("attributes", out var a) && a.ValueKind == JsonValueKind.String)
                .Select(t => AttributesPath(path, t.GetProperty("attributes").GetString()!))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            return [];
        }
    }

    private static string AttributesPath(string tagFile, string file) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(tagFile)) ?? ".", file);

    private static IEnumerable<TagDefinition> Entry(JsonElement t, string path, EventTable table)
    {
        if (t.TryGetProperty("attributes", out var file))
        {
            var full = AttributesPath(path, file.GetString()!);
            var buckets = new Dictionary<string, double[]>();
            if (t.TryGetProperty("buckets", out var b))
                foreach (var p in b.EnumerateObject()) buckets[p.Name] = p.Value.EnumerateArray().Select(x => x.GetDouble()).ToArray();
            return TagDefinition.Attributes(full, buckets, t.TryGetProperty("id", out var id) ? id.GetString()! : "user_id");
        }
        var name = t.TryGetProperty("name", out var n) ? n.GetString()! : throw new FormatException("missing \"name\"");
        if (t.TryGetProperty("rule", out var rule)) return [TagDefinition.Rule(name, rule.GetString()!)];
        if (t.TryGetProperty("levels", out var levels))
            return [TagDefinition.Layered(name, levels.EnumerateArray().Select(l => (l.GetProperty("value").GetString()!, Segment.Parse(l.GetProperty("rule").GetString()!))).ToArray())];
        if (t.TryGetProperty("interest", out var prop))
        {
            var w = InterestWeights.Default;
            if (t.TryGetProperty("weights", out var ws))
                w = new InterestWeights(
                    ws.TryGetProperty("view", out var v) ? v.GetDouble() : w.View,
                    ws.TryGetProperty("fav", out var f) ? f.GetDouble() : w.Fav,
                    ws.TryGetProperty("cart", out var c) ? c.GetDouble() : w.Cart,
                    ws.TryGetProperty("purchase", out var p) ? p.GetDouble() : w.Purchase);
            var top = t.TryGetProperty("top", out var k) ? k.GetInt32() : 3;
            return [TagDefinition.Interest(name, prop.GetString()!, top, w, t.TryGetProperty("within", out var within) ? Duration(within.GetString()!) : null)];
        }
        if (t.TryGetProperty("rfm", out _)) return [TagDefinition.Rfm(name)];
        if (t.TryGetProperty("lifecycle", out var period))
            return [TagDefinition.Lifecycle(name, period.GetString() switch
            {
                "day" => CalendarPeriod.Day,
                "week" => CalendarPeriod.Week,
                "month" => CalendarPeriod.Month,
                var other => throw new FormatException($"lifecycle period must be day, week or month, not '{other}'"),
            })];
        if (t.TryGetProperty("funnel", out var steps))
            return [TagDefinition.FunnelDropOff(name, steps.EnumerateArray().Select(s => s.GetString()!).ToArray(),
                t.TryGetProperty("window", out var win) ? Duration(win.GetString()!) : TimeSpan.FromDays(1))];
        throw new FormatException($"tag '{name}' needs one of rule, levels, interest, rfm, lifecycle, funnel");
    }

    private static TimeSpan Duration(string s) => SegmentText.ParseDuration(s) ?? throw new FormatException($"'{s}' is not a duration such as 30d or 12h");

    private static ColumnarException Bad(string path, string reason) => new(ErrorCodes.BadTagDefinition, reason, path);
}
