using System.Globalization;
using Columnar.Storage;

namespace Columnar.Profiles;

/// <summary>A user table (CSV with a header; fields may be double-quoted) keyed by original id, with numeric columns bucketed.</summary>
internal sealed class UserAttributeTable
{
    private readonly string _path;
    private readonly List<string> _ids = new();
    private readonly Dictionary<string, string?[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> _bucketLabels = new(StringComparer.Ordinal);

    private UserAttributeTable(string path) => _path = path;

    public IReadOnlyList<string> Columns { get; private set; } = [];

    public static UserAttributeTable Read(string path, string idColumn, IReadOnlyDictionary<string, double[]> buckets)
    {
        Ingest.InputFile.Require(path, "user table");
        var t = new UserAttributeTable(path);
        using var reader = new StreamReader(path);
        var header = reader.ReadLine() is { } h ? Split(h) : throw new ColumnarException(ErrorCodes.BadUserTable, "the user table is empty", path, 1);
        var idIndex = header.IndexOf(idColumn);
        if (idIndex < 0) throw new ColumnarException(ErrorCodes.BadUserTable, $"no id column '{idColumn}' (columns: {string.Join(", ", header)})", path, 1);
        foreach (var b in buckets)
        {
            if (!header.Contains(b.Key)) throw new ColumnarException(ErrorCodes.BadUserTable, $"bucketed column '{b.Key}' is not in the header", path, 1, b.Key);
            for (var i = 1; i < b.Value.Length; i++)
                if (!(b.Value[i] > b.Value[i - 1])) throw new ColumnarException(ErrorCodes.BadTagDefinition, $"bucket bounds of '{b.Key}' must increase");
            if (b.Value.Length == 0) throw new ColumnarException(ErrorCodes.BadTagDefinition, $"bucket bounds of '{b.Key}' are empty");
            t._bucketLabels[b.Key] = Labels(b.Value);
        }
        var columns = header.Where((_, i) => i != idIndex).ToArray();
        t.Columns = columns;
        var cells = columns.Select(_ => new List<string?>()).ToArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0) continue;
            var f = Split(text);
            if (f.Count != header.Count)
                throw new ColumnarException(ErrorCodes.BadUserTable, $"{f.Count} fields, the header has {header.Count}", path, line);
            var id = f[idIndex];
            if (id.Length == 0) throw new ColumnarException(ErrorCodes.BadUserTable, "empty user id", path, line, idColumn);
            if (!seen.Add(id)) throw new ColumnarException(ErrorCodes.BadUserTable, $"duplicate user id '{id}'", path, line, idColumn);
            t._ids.Add(id);
            var k = 0;
            for (var i = 0; i < f.Count; i++)
            {
                if (i == idIndex) continue;
                var name = header[i];
                var v = f[i].Length == 0 ? null : f[i];
                if (v is not null && buckets.TryGetValue(name, out var bounds))
                {
                    if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || double.IsNaN(x))
                        throw new ColumnarException(ErrorCodes.BadUserTable, $"'{v}' is not a number", path, line, name);
                    var b = 0;
                    while (b < bounds.Length && x >= bounds[b]) b++;
                    v = t._bucketLabels[name][b];
                }
                cells[k++].Add(v);
            }
        }
        for (var c = 0; c < columns.Length; c++) t._values[columns[c]] = cells[c].ToArray();
        return t;
    }

    private static string[] Labels(double[] b)
    {
        static string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        var labels = new string[b.Length + 1];
        labels[0] = "<" + F(b[0]);
        for (var i = 1; i < b.Length; i++) labels[i] = $"[{F(b[i - 1])},{F(b[i])})";
        labels[^1] = ">=" + F(b[^1]);
        return labels;
    }

    /// <summary>The column's value per dense user of <paramref name="table"/>, the value order, and how many file ids the table lacks.</summary>
    public (string?[] Values, IReadOnlyList<string> Order, int Missing) Join(EventTable table, string column)
    {
        var index = UserIdIndex.For(table);
        var values = new string?[table.UserCount];
        var src = _values[column];
        var missing = 0;
        for (var i = 0; i < _ids.Count; i++)
        {
            if (index.TryFind(_ids[i], out var u)) values[u] = src[i];
            else missing++;
        }
        IReadOnlyList<string> order = _bucketLabels.TryGetValue(column, out var labels)
            ? labels
            : src.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return (values, order, missing);
    }

    private static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else if (c != '\r') sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }
}
