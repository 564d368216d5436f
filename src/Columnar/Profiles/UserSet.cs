using System.Collections;
using System.Globalization;
using Apache.Arrow;
using Columnar.Analytics;
using Columnar.Output;
using Columnar.Storage;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>
/// An immutable set of users of one <see cref="EventTable"/>: a Roaring bitmap (CRoaring) over the dense user index 0..U-1.
/// Set algebra (<see cref="And"/>, <see cref="Or"/>, <see cref="AndNot"/>, <see cref="Xor"/>, and the operators
/// <c>&amp;</c>, <c>|</c>, <c>-</c>, <c>^</c>) is only defined between sets of the same table, because dense indexes differ
/// between loads; use <see cref="UserIds"/> and <see cref="FromUserIds(EventTable, IEnumerable{string})"/> to cross loads.
/// The native bitmap is freed by <see cref="Dispose"/> or, failing that, by the finalizer.
/// </summary>
public sealed class UserSet : IEnumerable<int>, IDisposable
{
    private readonly Roaring32Bitmap _bitmap;

    /// <summary>True for a set its owner (a <see cref="TagStore"/>) hands out as is: the owner frees it, so <see cref="Dispose"/> does nothing.</summary>
    private readonly bool _shared;

    internal UserSet(EventTable table, Roaring32Bitmap bitmap, bool shared = false)
    {
        Table = table;
        _bitmap = bitmap;
        _shared = shared;
    }

    /// <summary>The same bitmap as a set that callers may dispose harmlessly; the owner frees it with <see cref="Free"/>.</summary>
    internal UserSet AsShared() => new(Table, _bitmap, shared: true);

    /// <summary>The table whose dense user index the set is over.</summary>
    public EventTable Table { get; }

    /// <summary>The number of users in the set.</summary>
    public long Count => (long)_bitmap.Count;

    /// <summary>True when the set has no users.</summary>
    public bool IsEmpty => _bitmap.IsEmpty;

    internal Roaring32Bitmap Bitmap => _bitmap;

    /// <summary>The empty set of <paramref name="table"/>.</summary>
    public static UserSet Empty(EventTable table) => new(Check(table), new Roaring32Bitmap());

    /// <summary>Every user of <paramref name="table"/>.</summary>
    public static UserSet All(EventTable table)
    {
        var bitmap = new Roaring32Bitmap();
        if (Check(table).UserCount > 0) bitmap.AddRange(0, (uint)(table.UserCount - 1));
        return new UserSet(table, bitmap);
    }

    /// <summary>The users with dense indexes <paramref name="users"/> (any order, duplicates allowed).</summary>
    /// <exception cref="ColumnarException">ANA0001 when an index is outside 0..U-1.</exception>
    public static UserSet FromDense(EventTable table, ReadOnlySpan<int> users)
    {
        Check(table);
        foreach (var u in users)
            if ((uint)u >= (uint)table.UserCount)
                throw new ColumnarException(ErrorCodes.BadOption, $"dense user index {u} is outside 0..{table.UserCount - 1}");
        return new UserSet(table, new Roaring32Bitmap(System.Runtime.InteropServices.MemoryMarshal.Cast<int, uint>(users)));
    }

    /// <summary>The users of <paramref name="table"/> with the given original ids (as text); ids not in the table are ignored.</summary>
    public static UserSet FromUserIds(EventTable table, IEnumerable<string> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        var index = UserIdIndex.For(Check(table));
        var dense = new List<uint>();
        foreach (var id in userIds)
            if (index.TryFind(id, out var u)) dense.Add((uint)u);
        return new UserSet(table, new Roaring32Bitmap(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(dense)));
    }

    /// <summary>The users of <paramref name="table"/> with the given integer original ids; ids not in the table are ignored.</summary>
    public static UserSet FromUserIds(EventTable table, IEnumerable<long> userIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        return FromUserIds(table, userIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>True when dense user <paramref name="user"/> is in the set.</summary>
    public bool Contains(int user) => user >= 0 && _bitmap.Contains((uint)user);

    /// <summary>Users in both sets.</summary>
    public UserSet And(UserSet other) => new(Table, _bitmap.And(Same(other)._bitmap));

    /// <summary>Users in either set.</summary>
    public UserSet Or(UserSet other) => new(Table, _bitmap.Or(Same(other)._bitmap));

    /// <summary>Users in this set and not in <paramref name="other"/>.</summary>
    public UserSet AndNot(UserSet other) => new(Table, _bitmap.AndNot(Same(other)._bitmap));

    /// <summary>Users in exactly one of the sets.</summary>
    public UserSet Xor(UserSet other) => new(Table, _bitmap.Xor(Same(other)._bitmap));

    /// <summary>Every user of the table who is not in this set.</summary>
    public UserSet Not() => All(Table).AndNot(this);

    /// <summary>|this ∩ other| without building the intersection.</summary>
    public long AndCount(UserSet other) => (long)_bitmap.AndCount(Same(other)._bitmap);

    /// <summary>True when both sets hold the same users.</summary>
    public bool SetEquals(UserSet other) => _bitmap.ValueEquals(Same(other)._bitmap);

    /// <summary>Intersection; see <see cref="And"/>.</summary>
    public static UserSet operator &(UserSet left, UserSet right) => NotNull(left).And(right);

    /// <summary>Union; see <see cref="Or"/>.</summary>
    public static UserSet operator |(UserSet left, UserSet right) => NotNull(left).Or(right);

    /// <summary>Difference (and-not); see <see cref="AndNot"/>.</summary>
    public static UserSet operator -(UserSet left, UserSet right) => NotNull(left).AndNot(right);

    /// <summary>Symmetric difference; see <see cref="Xor"/>.</summary>
    public static UserSet operator ^(UserSet left, UserSet right) => NotNull(left).Xor(right);

    /// <summary>The dense user indexes in ascending order.</summary>
    public int[] ToArray()
    {
        var values = new uint[_bitmap.Count];
        _bitmap.CopyTo(values);
        return System.Runtime.InteropServices.MemoryMarshal.Cast<uint, int>(values).ToArray();
    }

    /// <summary>Iterates the dense user indexes in ascending order.</summary>
    public IEnumerator<int> GetEnumerator()
    {
        foreach (var v in _bitmap.Values) yield return (int)v;
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The original user ids (<see cref="long"/> or <see cref="string"/>) in dense order.</summary>
    public IEnumerable<object> UserIds() => this.Select(u => Table.GetUserId(u));

    /// <summary>The original user ids as text in dense order.</summary>
    public IEnumerable<string> UserIdTexts() => this.Select(u => Table.GetUserIdText(u));

    /// <summary>
    /// The set in CRoaring's portable serialisation (interoperable with the Java, Go and C implementations) of the dense indexes.
    /// Dense indexes are only meaningful for the same load of the same table; snapshots across loads key by original id instead.
    /// </summary>
    public byte[] Serialize() => _bitmap.Serialize(SerializationFormat.Portable);

    /// <summary>Reads a set written by <see cref="Serialize"/> for the same table.</summary>
    /// <exception cref="ColumnarException">PRO0004 when the bytes are not a portable Roaring bitmap or hold indexes outside the table.</exception>
    public static UserSet Deserialize(EventTable table, ReadOnlySpan<byte> bytes)
    {
        Check(table);
        Roaring32Bitmap bitmap;
        try
        {
            bitmap = Roaring32Bitmap.Deserialize(bytes, SerializationFormat.Portable);
        }
        catch (InvalidOperationException e)
        {
            throw new ColumnarException(ErrorCodes.BadSnapshot, "not a portable Roaring bitmap: " + e.Message, inner: e);
        }
        if (!bitmap.IsEmpty && bitmap.Max >= (uint)table.UserCount)
        {
            bitmap.Dispose();
            throw new ColumnarException(ErrorCodes.BadSnapshot, $"bitmap holds user index {bitmap.Max}, outside 0..{table.UserCount - 1}");
        }
        return new UserSet(table, bitmap);
    }

    /// <summary>The set as an Arrow record batch with one column <c>user_id</c> (int64 or utf8, as the table's ids), in dense order.</summary>
    public RecordBatch ToArrow()
    {
        var batch = new ResultBatch();
        if (Table.HasIntegerUserIds) batch.Int64s("user_id", this.Select(u => (long?)(long)Table.GetUserId(u)));
        else batch.Strings("user_id", UserIdTexts());
        return batch.Build();
    }

    /// <summary>
    /// Writes the original user ids to <paramref name="path"/>, chosen by its extension: <c>.csv</c> (header <c>user_id</c>, one id
    /// per line), <c>.parquet</c>, or <c>.arrow</c>/<c>.feather</c> (Arrow IPC). The file appears whole or not at all.
    /// </summary>
    /// <exception cref="ColumnarException">COL0018: another extension, or the file cannot be written.</exception>
    public void Export(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".parquet":
                ResultFiles.WriteParquet(ToArrow(), path);
                break;
            case ".arrow" or ".feather":
                ResultFiles.WriteArrow(ToArrow(), path);
                break;
            case ".csv":
                OutputFile.Write(path, temp =>
                {
                    using var writer = new StreamWriter(temp, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
                    writer.WriteLine("user_id");
                    foreach (var id in UserIdTexts()) writer.WriteLine(id);
                });
                break;
            default:
                throw new ColumnarException(ErrorCodes.CannotWrite,
                    $"cannot write '{path}': {(ext.Length == 0 ? "no extension" : $"unknown extension '{ext}'")}; use .csv, .parquet, .arrow or .feather");
        }
    }

    /// <summary>The count and up to 10 original ids.</summary>
    public override string ToString()
    {
        var head = UserIdTexts().Take(10).ToArray();
        return $"{Count.ToString("N0", CultureInfo.InvariantCulture)} users" + (head.Length == 0 ? "" : $": {string.Join(", ", head)}{(Count > head.Length ? ", …" : "")}");
    }

    /// <summary>Frees the native bitmap; does nothing for a set that belongs to a <see cref="TagStore"/> (its <see cref="TagStore.Population"/>),
    /// which the store frees.</summary>
    public void Dispose()
    {
        if (!_shared) Free();
    }

    /// <summary>Frees the native bitmap, whoever owns it.</summary>
    internal void Free() => _bitmap.Dispose();

    private UserSet Same(UserSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!ReferenceEquals(Table, other.Table))
            throw new ColumnarException(ErrorCodes.TableMismatch,
                $"user sets of different tables ({Table.Source} and {other.Table.Source}) cannot be combined; convert through original ids");
        return other;
    }

    private static UserSet NotNull(UserSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set;
    }

    private static EventTable Check(EventTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table;
    }
}
