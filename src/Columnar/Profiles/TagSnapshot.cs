using Columnar.Output;
using System.Globalization;
using System.Text;
using Columnar.Analytics;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>Who entered and who left one tag value between two snapshots (original ids as text, sorted ordinally).</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Value">The value.</param>
/// <param name="Entered">Users with the value in the newer snapshot and not in the older.</param>
/// <param name="Left">Users with the value in the older snapshot and not in the newer.</param>
public sealed record TagValueChange(string Tag, string Value, IReadOnlyList<string> Entered, IReadOnlyList<string> Left);

/// <summary>
/// Tags keyed by original user id with their as-of instant, saved to and loaded from disk. Dense indexes differ between loads,
/// so a snapshot stores the id list once and each tag value as a portable Roaring bitmap over positions in that list.
/// </summary>
public sealed class TagSnapshot
{
    private const string Magic = "COLTAGS1";
    private readonly string[] _ids;
    private readonly (string Tag, (string Value, byte[] Bitmap)[] Values)[] _tags;

    private TagSnapshot(DateTimeOffset asOf, string timeZone, string[] ids, (string, (string, byte[])[])[] tags)
    {
        AsOf = asOf;
        TimeZone = timeZone;
        _ids = ids;
        _tags = tags;
    }

    /// <summary>The as-of instant the tags were computed for.</summary>
    public DateTimeOffset AsOf { get; }

    /// <summary>The time zone of the store.</summary>
    public string TimeZone { get; }

    /// <summary>The number of users the snapshot covers (the store's table).</summary>
    public int UserCount => _ids.Length;

    /// <summary>The tag names.</summary>
    public IReadOnlyList<string> Tags => _tags.Select(t => t.Tag).ToArray();

    internal static TagSnapshot From(TagStore store, (string Tag, (string Value, UserSet Users)[] Values)[] tags)
    {
        var table = store.Table;
        var ids = new string[table.UserCount];
        for (var u = 0; u < ids.Length; u++) ids[u] = table.GetUserIdText(u);
        return new TagSnapshot(store.AsOf, store.TimeZone, ids,
            tags.Select(t => (t.Tag, t.Values.Select(v => (v.Value, v.Users.Serialize())).ToArray())).ToArray());
    }

    /// <summary>The values of <paramref name="tag"/>.</summary>
    public IReadOnlyList<string> Values(string tag) => Find(tag).Select(v => v.Value).ToArray();

    /// <summary>The original ids (as text, in the snapshot's user order) holding <paramref name="tag"/> = <paramref name="value"/>; empty when none.</summary>
    public IReadOnlyList<string> UserIds(string tag, string value)
    {
        foreach (var v in Find(tag))
            if (v.Value == value)
            {
                using var bm = Roaring32Bitmap.Deserialize(v.Bitmap, SerializationFormat.Portable);
                return bm.Values.Select(i => _ids[i]).ToArray();
            }
        return [];
    }

    /// <summary>Writes the snapshot (binary: magic, as-of, zone, ids, then per tag value a portable Roaring bitmap).</summary>
    /// <exception cref="ColumnarException">COL0018: the file cannot be written (nothing is left at <paramref name="path"/> then).</exception>
    public void Save(string path) => OutputFile.Write(path, temp => SaveTo(temp));

    private void SaveTo(string path)
    {
        using var w = new BinaryWriter(File.Create(path), Encoding.UTF8);
        w.Write(Encoding.ASCII.GetBytes(Magic));
        w.Write(AsOf.UtcTicks);
        w.Write(TimeZone);
        w.Write(_ids.Length);
        foreach (var id in _ids) w.Write(id);
        w.Write(_tags.Length);
        foreach (var (tag, values) in _tags)
        {
            w.Write(tag);
            w.Write(values.Length);
            foreach (var (value, bitmap) in values)
            {
                w.Write(value);
                w.Write(bitmap.Length);
                w.Write(bitmap);
            }
        }
    }

    /// <summary>Reads a snapshot written by <see cref="Save"/>.</summary>
    /// <exception cref="ColumnarException">COL0001 for a missing file; PRO0004 when the file is not a valid snapshot.</exception>
    public static TagSnapshot Load(string path)
    {
        Ingest.InputFile.Require(path, "snapshot");
        try
        {
            using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (Encoding.ASCII.GetString(r.ReadBytes(Magic.Length)) != Magic)
                throw new ColumnarException(ErrorCodes.BadSnapshot, "not a Columnar tag snapshot", path);
            var asOf = new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero);
            var zone = r.ReadString();
            var ids = new string[Count(r.ReadInt32())];
            for (var i = 0; i < ids.Length; i++) ids[i] = r.ReadString();
            var tags = new (string, (string, byte[])[])[Count(r.ReadInt32())];
            for (var t = 0; t < tags.Length; t++)
            {
                var name = r.ReadString();
                var values = new (string, byte[])[Count(r.ReadInt32())];
                for (var v = 0; v < values.Length; v++)
                {
                    var value = r.ReadString();
                    var bytes = r.ReadBytes(Count(r.ReadInt32()));
                    using (var check = Roaring32Bitmap.Deserialize(bytes, SerializationFormat.Portable))
                        if (!check.IsEmpty && check.Max >= (uint)ids.Length)
                            throw new ColumnarException(ErrorCodes.BadSnapshot, $"tag '{name}={value}' refers to user position {check.Max} of {ids.Length}", path);
                    values[v] = (value, bytes);
                }
                tags[t] = (name, values);
            }
            if (r.BaseStream.Position != r.BaseStream.Length) throw new ColumnarException(ErrorCodes.BadSnapshot, "trailing bytes after the last tag", path);
            return new TagSnapshot(asOf, zone, ids, tags);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidOperationException or ArgumentException or IOException and not FileNotFoundException)
        {
            throw new ColumnarException(ErrorCodes.BadSnapshot, "corrupt snapshot: " + e.Message, path, inner: e);
        }
    }

    private static int Count(int n) => n >= 0 ? n : throw new InvalidOperationException($"negative count {n}");

    /// <summary>
    /// For every tag value in either snapshot, who entered (in <paramref name="newer"/>, not in <paramref name="older"/>) and who
    /// left, by original id. Values with no change are omitted.
    /// </summary>
    public static IReadOnlyList<TagValueChange> Diff(TagSnapshot older, TagSnapshot newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var changes = new List<TagValueChange>();
        var tags = older.Tags.Concat(newer.Tags).Distinct(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            var values = Values(older, tag).Concat(Values(newer, tag)).Distinct(StringComparer.Ordinal);
            foreach (var value in values)
            {
                var a = new HashSet<string>(older.Has(tag) ? older.UserIds(tag, value) : [], StringComparer.Ordinal);
                var b = new HashSet<string>(newer.Has(tag) ? newer.UserIds(tag, value) : [], StringComparer.Ordinal);
                var entered = b.Where(x => !a.Contains(x)).Order(StringComparer.Ordinal).ToArray();
                var left = a.Where(x => !b.Contains(x)).Order(StringComparer.Ordinal).ToArray();
                if (entered.Length + left.Length > 0) changes.Add(new TagValueChange(tag, value, entered, left));
            }
        }
        return changes;
    }

    /// <summary>A diff as a table: tag, value, entered, left.</summary>
    public static string FormatDiff(IReadOnlyList<TagValueChange> changes)
    {
        var t = new TextTable("tag", "value", "entered", "left").Right(2, 3);
        foreach (var c in changes) t.Add(c.Tag, c.Value, c.Entered.Count.ToString("N0", CultureInfo.InvariantCulture), c.Left.Count.ToString("N0", CultureInfo.InvariantCulture));
        return t.ToString();
    }

    private static IEnumerable<string> Values(TagSnapshot s, string tag) => s.Has(tag) ? s.Values(tag) : [];

    private bool Has(string tag) => _tags.Any(t => t.Tag == tag);

    private (string Value, byte[] Bitmap)[] Find(string tag)
    {
        foreach (var t in _tags)
            if (t.Tag == tag) return t.Values;
        throw new ColumnarException(ErrorCodes.UnknownTag, $"no tag '{tag}' in the snapshot (tags: {string.Join(", ", Tags)})");
    }
}
