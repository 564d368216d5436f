using System.Buffers;
using System.Text;
using Apache.Arrow;
using Array = System.Array;
using Apache.Arrow.Types;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Ingest;

/// <summary>The chunk being encoded: its rows' place in the staging buffers and in the file, and each row's first problem.</summary>
internal sealed class ChunkState(ChunkRowSource source)
{
    private RowProblem?[] _problems = new RowProblem?[2048];

    public ChunkRowSource Source { get; } = source;

    /// <summary>Rows in the chunk.</summary>
    public int Size { get; private set; }

    /// <summary>The staging index of the chunk's first row.</summary>
    public int Base { get; private set; }

    /// <summary>The 1-based file row of the chunk's first row.</summary>
    public long FirstLine { get; private set; }

    public int ProblemCount { get; private set; }

    public void Reset(int size, int stagingBase, long firstLine)
    {
        if (size > _problems.Length) _problems = new RowProblem?[size];
        else if (ProblemCount > 0) Array.Clear(_problems, 0, Size);
        Size = size;
        Base = stagingBase;
        FirstLine = firstLine;
        ProblemCount = 0;
    }

    public bool Bad(int row) => ProblemCount > 0 && _problems[row].HasValue;

    public RowProblem? Problem(int row) => _problems[row];

    /// <summary>Records the row's problem; the row's later columns are skipped, as the row path stops at a row's first problem.</summary>
    public void Fail(int row, RowProblem problem)
    {
        _problems[row] = problem;
        ProblemCount++;
    }

    /// <summary>Positions <see cref="Source"/> on a row of the chunk.</summary>
    public ChunkRowSource At(int row)
    {
        Source.At(row, FirstLine + row);
        return Source;
    }
}

/// <summary>Thrown when the columnar path meets input it does not reproduce exactly; the load restarts on the row path.</summary>
internal sealed class ColumnarFallbackException : Exception
{
    public ColumnarFallbackException(string reason) : base(reason)
    {
    }
}

/// <summary>Encodes one mapped column of every chunk into its staging buffer, recording the rows it rejects.</summary>
internal abstract unsafe class ColumnEncoder(int column, string name, FieldKind kind)
{
    protected int Column { get; } = column;
    protected string Name { get; } = name;
    protected FieldKind Kind { get; } = kind;

    public abstract void Encode(ChunkState c);

    /// <summary>Moves staged row <paramref name="from"/> to <paramref name="to"/> (compaction after rejects; to &lt; from).</summary>
    public abstract void Move(int from, int to);

    protected static bool IsValid(ulong* validity, int row) => validity is null || (validity[row >> 6] & (1UL << (row & 63))) != 0;

    /// <summary>Interns the UTF-8 form of rendered or converted text.</summary>
    protected static int InternChars(Utf8Interner interner, ReadOnlySpan<char> text, out bool added)
    {
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var rented = max <= 256 ? null : ArrayPool<byte>.Shared.Rent(max);
        Span<byte> buffer = rented ?? stackalloc byte[256];
        var length = Encoding.UTF8.GetBytes(text, buffer);
        var id = interner.Intern(buffer[..length], out added);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return id;
    }

    /// <summary>Distinct interned strings in ordinal order, restricted to <paramref name="used"/> ids (all when null): the sorted
    /// values and each id's position among them (-1 for unused ids). Byte strings that decode to the same text share a position.</summary>
    public static (string[] Sorted, int[] Rank) SortedDictionary(Utf8Interner interner, bool[]? used)
    {
        var byText = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var provisional = new int[interner.Count];
        for (var id = 0; id < interner.Count; id++)
        {
            if (used is not null && !used[id])
            {
                provisional[id] = -1;
                continue;
            }
            var s = interner.GetString(id);
            if (!byText.TryGetValue(s, out var d))
            {
                d = distinct.Count;
                distinct.Add(s);
                byText.Add(s, d);
            }
            provisional[id] = d;
        }
        var sorted = distinct.ToArray();
        var order = Enumerable.Range(0, sorted.Length).ToArray();
        Array.Sort(sorted, order, StringComparer.Ordinal);
        var rankOfDistinct = new int[sorted.Length];
        for (var r = 0; r < order.Length; r++) rankOfDistinct[order[r]] = r;
        for (var id = 0; id < provisional.Length; id++) if (provisional[id] >= 0) provisional[id] = rankOfDistinct[provisional[id]];
        return (sorted, provisional);
    }
}

/// <summary>
/// The user column: integer ids (when the preset says so or the column is an integer) or text ids, interned in first-seen order.
/// Staged as a provisional int32 id per row, later rewritten in place as the dense user index.
/// </summary>
internal sealed unsafe class UserEncoder : ColumnEncoder
{
    private readonly bool _intMode;
    private int[] _textAttr = new int[64];  // per text id: -2 blank, -1 not an integer (integer mode), else the integer's id (or 0)

    public UserEncoder(int column, string name, FieldKind kind, bool integerIds, int capacity) : base(column, name, kind)
    {
        _intMode = integerIds || kind == FieldKind.Int64;
        Bytes = ColumnStaging.Pinned(capacity, out Users);
    }

    public Int64Interner Longs { get; } = new();
    public Utf8Interner Texts { get; } = new();
    public byte[] Bytes { get; }
    public readonly int* Users;

    /// <summary>True when the staged ids index <see cref="Longs"/>, false when they index <see cref="Texts"/>.</summary>
    public bool IntegerIds => _intMode;

    public override void Encode(ChunkState c)
    {
        var users = Users + c.Base;
        var valid = c.Source.Validity(Column);
        switch (Kind)
        {
            case FieldKind.Int64:
            {
                var data = (long*)c.Source.Data(Column);
                for (var i = 0; i < c.Size; i++)
                {
                    if (!IsValid(valid, i))
                    {
                        c.Fail(i, new RowProblem(ErrorCodes.EmptyUser, Name, "empty user id"));
                        continue;
                    }
                    users[i] = Longs.Intern(data[i]);
                }
                break;
            }
            case FieldKind.Text:
            {
                var data = (byte*)c.Source.Data(Column);
                for (var i = 0; i < c.Size; i++)
                {
                    if (!IsValid(valid, i))
                    {
                        c.Fail(i, new RowProblem(ErrorCodes.EmptyUser, Name, "empty user id"));
                        continue;
                    }
                    var id = Texts.Intern(data + 16 * i, out var added);
                    if (added) Describe(id);
                    var a = _textAttr[id];
                    if (a == -2) c.Fail(i, new RowProblem(ErrorCodes.EmptyUser, Name, "empty user id"));
                    else if (a == -1) c.Fail(i, new RowProblem(ErrorCodes.BadValue, Name, $"cannot parse '{Texts.GetString(id)}' as an integer user id"));
                    else users[i] = _intMode ? a : id;
                }
                break;
            }
            default:
            {
                for (var i = 0; i < c.Size; i++)
                {
                    var src = c.At(i);
                    if (src.Kind(Column) == FieldKind.Null)
                    {
                        c.Fail(i, new RowProblem(ErrorCodes.EmptyUser, Name, "empty user id"));
                        continue;
                    }
                    if (_intMode)
                    {
                        if (ValueReader.TryUserId(src, Column, out var v)) users[i] = Longs.Intern(v);
                        else c.Fail(i, new RowProblem(ErrorCodes.BadValue, Name, $"cannot parse '{src.Text(Column)}' as an integer user id"));
                        continue;
                    }
                    var text = src.Text(Column);
                    if (text.IsWhiteSpace()) c.Fail(i, new RowProblem(ErrorCodes.EmptyUser, Name, "empty user id"));
                    else users[i] = InternChars(Texts, text, out _);
                }
                break;
            }
        }
    }

    private void Describe(int id)
    {
        if (id == _textAttr.Length) Array.Resize(ref _textAttr, id * 2);
        var s = Texts.GetString(id);
        if (s.AsSpan().IsWhiteSpace()) _textAttr[id] = -2;
        else if (!_intMode) _textAttr[id] = 0;
        else _textAttr[id] = ValueReader.TryUserIdText(s, out var v) ? Longs.Intern(v) : -1;
    }

    public override void Move(int from, int to) => Users[to] = Users[from];

    /// <summary>
    /// The dense user of every provisional id used by the first <paramref name="n"/> staged rows (-1 for unused ids), ordered by
    /// original id, and the original ids: int64 for integer ids, or for text ids when every one is a canonical integer; else utf8.
    /// </summary>
    public (int[] Dense, IArrowArray UserIds, int Count) DenseUsers(int n)
    {
        var provisionalCount = _intMode ? Longs.Count : Texts.Count;
        var used = new bool[provisionalCount];
        for (var i = 0; i < n; i++) used[Users[i]] = true;
        var dense = new int[provisionalCount];
        if (_intMode) return Ranked(Longs.Keys, used, dense);

        var (sorted, rank) = SortedDictionary(Texts, used);
        var parsed = new long[sorted.Length];
        var allCanonical = true;
        for (var i = 0; i < sorted.Length && allCanonical; i++) allCanonical = EventTableBuilder.TryCanonicalInt64(sorted[i], out parsed[i]);
        if (!allCanonical)
        {
            rank.CopyTo(dense, 0);
            return (dense, ArrowBuffers.Strings(sorted), sorted.Length);
        }
        // Every id is a canonical integer: order numerically (distinct canonical spellings are distinct numbers).
        var byNumber = new int[sorted.Length];
        var (_, ids, count) = Ranked(parsed, null, byNumber);
        for (var id = 0; id < dense.Length; id++) dense[id] = rank[id] < 0 ? -1 : byNumber[rank[id]];
        return (dense, ids, count);
    }

    private static (int[] Dense, IArrowArray UserIds, int Count) Ranked(ReadOnlySpan<long> keys, bool[]? used, int[] dense)
    {
        var ids = new List<int>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (used is null || used[i]) ids.Add(i);
            else dense[i] = -1;
        }
        var values = new long[ids.Count];
        var index = ids.ToArray();
        for (var i = 0; i < index.Length; i++) values[i] = keys[index[i]];
        Array.Sort(values, index);
        for (var r = 0; r < index.Length; r++) dense[index[r]] = r;
        var bytes = ArrowBuffers.Allocate<long>(values.Length, out var view);
        values.CopyTo(view);
        return (dense, new Int64Array(ArrowBuffers.Wrap(bytes), ArrowBuffer.Empty, values.Length, 0, 0), values.Length);
    }
}

/// <summary>The time column as µs UTC: native timestamps copied, anything else read by the mapping's <see cref="TimeReader"/>.</summary>
internal sealed unsafe class TimeEncoder : ColumnEncoder
{
    private readonly TimeReader _reader;

    public TimeEncoder(int column, string name, FieldKind kind, TimeReader reader, int capacity) : base(column, name, kind)
    {
        _reader = reader;
        Bytes = ColumnStaging.Pinned(capacity, out Times);
    }

    public byte[] Bytes { get; }
    public readonly long* Times;

    public override void Encode(ChunkState c)
    {
        var times = Times + c.Base;
        if (Kind == FieldKind.Timestamp)
        {
            var valid = c.Source.Validity(Column);
            var data = (long*)c.Source.Data(Column);
            if (valid is null && c.ProblemCount == 0)
            {
                var span = new ReadOnlySpan<long>(data, c.Size);
                span.CopyTo(new Span<long>(times, c.Size));
                if (!span.ContainsAnyExceptInRange(TimeZones.MinEventMicros, TimeZones.MaxEventMicros)) return;
            }
            for (var i = 0; i < c.Size; i++)
            {
                if (c.Bad(i)) continue;
                if (!IsValid(valid, i)) c.Fail(i, new RowProblem(ErrorCodes.BadTime, Name, "empty time"));
                else if (!TimeZones.IsSupported(data[i]))
                    c.Fail(i, new RowProblem(ErrorCodes.BadTime, Name, _reader.OutOfRange(c.At(i).Text(Column).ToString(), data[i], native: true)));
                else times[i] = data[i];
            }
            return;
        }
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            var src = c.At(i);
            if (src.Kind(Column) == FieldKind.Null) c.Fail(i, new RowProblem(ErrorCodes.BadTime, Name, "empty time"));
            else if (_reader.TryRead(src, Column, out var micros)) times[i] = micros;
            else c.Fail(i, new RowProblem(ErrorCodes.BadTime, Name, _reader.Problem(src, Column)));
        }
    }

    public override void Move(int from, int to) => Times[to] = Times[from];
}

/// <summary>Raises the derived columns' problems, after the user, time and event checks and before the properties (as the row path).</summary>
internal sealed class DeferredProblemEncoder() : ColumnEncoder(-1, "", FieldKind.Null)
{
    public override void Encode(ChunkState c)
    {
        for (var i = 0; i < c.Size; i++)
            if (!c.Bad(i) && c.Source.Deferred(i) is { } p) c.Fail(i, p);
    }

    public override void Move(int from, int to)
    {
    }
}

/// <summary>The event column (or a constant event) as provisional int16 codes in first-seen name order.</summary>
internal sealed unsafe class EventEncoder : ColumnEncoder
{
    private readonly bool _constant;
    private bool[] _blank = new bool[64];

    public EventEncoder(int column, string name, FieldKind kind, string? constant, int capacity) : base(column, name, kind)
    {
        Bytes = ColumnStaging.Pinned(capacity, out Codes);
        if (constant is not null)
        {
            _constant = true;
            Names.Intern(Encoding.UTF8.GetBytes(constant), out _);
        }
    }

    public Utf8Interner Names { get; } = new();
    public byte[] Bytes { get; }
    public readonly short* Codes;

    public override void Encode(ChunkState c)
    {
        var codes = Codes + c.Base;
        if (_constant)
        {
            new Span<short>(codes, c.Size).Clear();
            return;
        }
        var valid = c.Source.Validity(Column);
        if (Kind == FieldKind.Text && valid is null && c.ProblemCount == 0)
        {
            // The common case: no nulls and no rejected rows so far in this chunk.
            var data = (byte*)c.Source.Data(Column);
            for (var i = 0; i < c.Size; i++)
            {
                var id = Names.Intern(data + 16 * i, out var added);
                if (added) Describe(id);
                if (_blank[id]) c.Fail(i, new RowProblem(ErrorCodes.EmptyEvent, Name, "empty event name"));
                else codes[i] = (short)id;
            }
            return;
        }
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            int id;
            bool added;
            if (Kind == FieldKind.Text)
            {
                if (!IsValid(valid, i))
                {
                    c.Fail(i, new RowProblem(ErrorCodes.EmptyEvent, Name, "empty event name"));
                    continue;
                }
                id = Names.Intern((byte*)c.Source.Data(Column) + 16 * i, out added);
            }
            else
            {
                var src = c.At(i);
                if (src.Kind(Column) == FieldKind.Null)
                {
                    c.Fail(i, new RowProblem(ErrorCodes.EmptyEvent, Name, "empty event name"));
                    continue;
                }
                id = InternChars(Names, src.Text(Column), out added);
            }
            if (added) Describe(id);
            if (_blank[id]) c.Fail(i, new RowProblem(ErrorCodes.EmptyEvent, Name, "empty event name"));
            else codes[i] = (short)id;
        }
    }

    private void Describe(int id)
    {
        // The row path refuses the 32,768th name of the loaded rows; names of rows rejected later may be counted here.
        if (id >= short.MaxValue) throw new ColumnarFallbackException("too many distinct event names for the columnar path");
        if (id == _blank.Length) Array.Resize(ref _blank, id * 2);
        _blank[id] = Names.GetString(id).AsSpan().IsWhiteSpace();
    }

    public override void Move(int from, int to) => Codes[to] = Codes[from];
}

/// <summary>A property column: encodes chunks into staging and, once sorted, freezes into the table's Arrow array.</summary>
internal abstract unsafe class PropertyEncoder(int column, string name, FieldKind kind, PropertyType type) : ColumnEncoder(column, name, kind)
{
    public PropertyType Type { get; } = type;

    public string PropertyName => Name;

    /// <summary>Builds the column for the first <paramref name="n"/> staged rows, reordered by <paramref name="perm"/> (null: as staged).</summary>
    public abstract IArrowArray Freeze(int n, int* perm, GatherScratch scratch, bool allStagedValuesLoaded);

    protected RowProblem Unparseable(ChunkRowSource src) =>
        new(ErrorCodes.BadValue, Name, $"cannot parse '{src.Text(Column)}' as {Type.ToString().ToLowerInvariant()}");

    /// <summary>Per-row null flags (1 = null), allocated at the first null.</summary>
    protected byte[]? NullBytes;
    protected byte* Nulls;

    protected void SetNull(int row, bool isNull)
    {
        if (Nulls is null)
        {
            if (!isNull) return;
            NullBytes = ColumnStaging.PinnedZeroed(Capacity, out Nulls);
        }
        Nulls[row] = isNull ? (byte)1 : (byte)0;
    }

    protected abstract int Capacity { get; }

    /// <summary>Copies a native 64-bit vector into staging values of type <typeparamref name="T"/> (0 where null), with null flags.</summary>
    protected void EncodeNative<T>(ChunkState c, long* data, ulong* valid, T* values) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        if (c.ProblemCount == 0 && (valid is null || AllValid(valid, c.Size)))
        {
            for (var i = 0; i < c.Size; i++) values[i] = T.CreateTruncating(data[i]);
            if (Nulls is not null) new Span<byte>(Nulls + c.Base, c.Size).Clear();
            return;
        }
        if (Nulls is null) NullBytes = ColumnStaging.PinnedZeroed(Capacity, out Nulls);
        var nulls = Nulls + c.Base;
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            var ok = IsValid(valid, i);
            values[i] = ok ? T.CreateTruncating(data[i]) : T.Zero;
            nulls[i] = ok ? (byte)0 : (byte)1;
        }
    }

    private static bool AllValid(ulong* valid, int size)
    {
        var words = size >> 6;
        for (var w = 0; w < words; w++) if (valid[w] != ulong.MaxValue) return false;
        var rest = size & 63;
        return rest == 0 || (valid[words] | ~((1UL << rest) - 1)) == ulong.MaxValue;
    }

    protected void MoveNull(int from, int to)
    {
        if (Nulls is not null) Nulls[to] = Nulls[from];
    }
}

/// <summary>A string property: values interned as provisional int32 codes (-1 for null), then remapped to ordinal order.</summary>
internal sealed unsafe class StringPropertyEncoder : PropertyEncoder
{
    private readonly Utf8Interner _values = new();
    private readonly byte[] _bytes;
    private readonly int* _codes;
    private readonly int _capacity;

    public StringPropertyEncoder(int column, string name, FieldKind kind, int capacity) : base(column, name, kind, PropertyType.String)
    {
        _capacity = capacity;
        _bytes = ColumnStaging.Pinned(capacity, out _codes);
    }

    protected override int Capacity => _capacity;

    public override void Encode(ChunkState c)
    {
        var codes = _codes + c.Base;
        var valid = c.Source.Validity(Column);
        if (Kind == FieldKind.Text)
        {
            var data = (byte*)c.Source.Data(Column);
            if (valid is null && c.ProblemCount == 0)
            {
                for (var i = 0; i < c.Size; i++) codes[i] = _values.Intern(data + 16 * i, out _);
                return;
            }
            for (var i = 0; i < c.Size; i++)
            {
                if (c.Bad(i)) continue;
                codes[i] = IsValid(valid, i) ? _values.Intern(data + 16 * i, out _) : -1;
            }
            return;
        }
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            var src = c.At(i);
            codes[i] = src.Kind(Column) == FieldKind.Null ? -1 : InternChars(_values, src.Text(Column), out _);
        }
    }

    public override void Move(int from, int to) => _codes[to] = _codes[from];

    public override IArrowArray Freeze(int n, int* perm, GatherScratch scratch, bool allStagedValuesLoaded)
    {
        bool[]? used = null;
        if (!allStagedValuesLoaded)
        {
            used = new bool[_values.Count];
            for (var i = 0; i < n; i++) if (_codes[i] >= 0) used[_codes[i]] = true;
        }
        var (sorted, rank) = SortedDictionary(_values, used);
        for (var i = 0; i < n; i++) if (_codes[i] >= 0) _codes[i] = rank[_codes[i]];
        if (perm is not null) ColumnStaging.Permute(_codes, n, perm, scratch);

        var nulls = 0;
        for (var i = 0; i < n; i++) if (_codes[i] < 0) nulls++;
        var validity = ArrowBuffer.Empty;
        if (nulls > 0)
        {
            var bits = new byte[(n + 7) / 8];
            for (var i = 0; i < n; i++)
            {
                if (_codes[i] < 0) _codes[i] = 0;
                else bits[i >> 3] |= (byte)(1 << (i & 7));
            }
            validity = new ArrowBuffer(bits);
        }
        var indices = new Int32Array(ColumnStaging.Wrap(_bytes, (long)n * 4), validity, n, nulls, 0);
        return new DictionaryArray(new DictionaryType(Int32Type.Default, StringType.Default, false), indices, ArrowBuffers.Strings(sorted));
    }
}

/// <summary>An int64, double or timestamp property staged as 64-bit values (0 where null) with null flags.</summary>
internal sealed unsafe class Int64PropertyEncoder : PropertyEncoder
{
    private readonly byte[] _bytes;
    private readonly long* _values;
    private readonly int _capacity;
    private readonly TimeReader _propertyTimes;
    private readonly bool _native;

    public Int64PropertyEncoder(int column, string name, FieldKind kind, PropertyType type, TimeReader propertyTimes, int capacity)
        : base(column, name, kind, type)
    {
        _capacity = capacity;
        _propertyTimes = propertyTimes;
        _bytes = ColumnStaging.Pinned(capacity, out _values);
        _native = (type, kind) is (PropertyType.Int64, FieldKind.Int64) or (PropertyType.Double, FieldKind.Double)
            or (PropertyType.Timestamp, FieldKind.Timestamp);
    }

    protected override int Capacity => _capacity;

    public override void Encode(ChunkState c)
    {
        var values = _values + c.Base;
        var valid = c.Source.Validity(Column);
        if (_native)
        {
            EncodeNative(c, (long*)c.Source.Data(Column), valid, values);
            return;
        }
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            var src = c.At(i);
            if (src.Kind(Column) == FieldKind.Null)
            {
                values[i] = 0;
                SetNull(c.Base + i, true);
                continue;
            }
            long bits;
            var ok = Type switch
            {
                PropertyType.Int64 => ValueReader.TryInt64(src, Column, out bits),
                PropertyType.Double => TryDoubleBits(src, out bits),
                _ => src.Kind(Column) == FieldKind.Int64 ? ValueReader.TryInt64(src, Column, out bits) : _propertyTimes.TryRead(src, Column, out bits),
            };
            if (!ok)
            {
                c.Fail(i, Unparseable(src));
                continue;
            }
            values[i] = bits;
            SetNull(c.Base + i, false);
        }
    }

    private bool TryDoubleBits(ChunkRowSource src, out long bits)
    {
        var ok = ValueReader.TryDouble(src, Column, out var d);
        bits = BitConverter.DoubleToInt64Bits(d);
        return ok;
    }

    public override void Move(int from, int to)
    {
        _values[to] = _values[from];
        MoveNull(from, to);
    }

    public override IArrowArray Freeze(int n, int* perm, GatherScratch scratch, bool allStagedValuesLoaded)
    {
        if (perm is not null)
        {
            ColumnStaging.Permute(_values, n, perm, scratch);
            if (Nulls is not null) ColumnStaging.Permute(Nulls, n, perm, scratch);
        }
        var validity = ColumnStaging.Validity(Nulls, n, out var nulls);
        var buffer = ColumnStaging.Wrap(_bytes, (long)n * 8);
        return Type switch
        {
            PropertyType.Int64 => new Int64Array(buffer, validity, n, nulls, 0),
            PropertyType.Double => new DoubleArray(buffer, validity, n, nulls, 0),
            _ => new TimestampArray(ArrowBuffers.MicrosUtc, buffer, validity, n, nulls, 0),
        };
    }
}

/// <summary>A boolean property staged as one byte per row, packed into an Arrow bitmap when frozen.</summary>
internal sealed unsafe class BoolPropertyEncoder : PropertyEncoder
{
    private readonly byte[] _bytes;
    private readonly byte* _values;
    private readonly int _capacity;

    public BoolPropertyEncoder(int column, string name, FieldKind kind, int capacity) : base(column, name, kind, PropertyType.Bool)
    {
        _capacity = capacity;
        _bytes = ColumnStaging.Pinned(capacity, out _values);
    }

    protected override int Capacity => _capacity;

    public override void Encode(ChunkState c)
    {
        var values = _values + c.Base;
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            var src = c.At(i);
            if (src.Kind(Column) == FieldKind.Null)
            {
                values[i] = 0;
                SetNull(c.Base + i, true);
            }
            else if (ValueReader.TryBool(src, Column, out var b))
            {
                values[i] = b ? (byte)1 : (byte)0;
                SetNull(c.Base + i, false);
            }
            else c.Fail(i, Unparseable(src));
        }
    }

    public override void Move(int from, int to)
    {
        _values[to] = _values[from];
        MoveNull(from, to);
    }

    public override IArrowArray Freeze(int n, int* perm, GatherScratch scratch, bool allStagedValuesLoaded)
    {
        if (perm is not null)
        {
            ColumnStaging.Permute(_values, n, perm, scratch);
            if (Nulls is not null) ColumnStaging.Permute(Nulls, n, perm, scratch);
        }
        var validity = ColumnStaging.Validity(Nulls, n, out var nulls);
        var bits = new byte[(n + 7) / 8];
        for (var i = 0; i < n; i++) if (_values[i] != 0) bits[i >> 3] |= (byte)(1 << (i & 7));
        GC.KeepAlive(_bytes);
        return new BooleanArray(new ArrowBuffer(bits), validity, n, nulls, 0);
    }
}

/// <summary>
/// A decimal property from a native decimal (up to 18 digits) or integer column: every value carries the column's scale, so it is
/// staged directly as its decimal128 unscaled value (0 where null).
/// </summary>
internal sealed unsafe class DecimalPropertyEncoder : PropertyEncoder
{
    private readonly byte[] _bytes;
    private readonly Int128* _values;
    private readonly int _capacity;
    private readonly int _scale;

    public DecimalPropertyEncoder(int column, string name, FieldKind kind, int scale, int capacity) : base(column, name, kind, PropertyType.Decimal)
    {
        _capacity = capacity;
        _scale = Math.Min(scale, 18);
        _bytes = ColumnStaging.Pinned(capacity, out _values);
    }

    /// <summary>True when the column's values can be staged natively.</summary>
    public static bool Handles(FieldKind kind) => kind is FieldKind.Decimal or FieldKind.Int64;

    protected override int Capacity => _capacity;

    public override void Encode(ChunkState c)
    {
        var values = _values + c.Base;
        var valid = c.Source.Validity(Column);
        var data = (long*)c.Source.Data(Column);
        EncodeNative(c, data, valid, values);
    }

    public override void Move(int from, int to)
    {
        _values[to] = _values[from];
        MoveNull(from, to);
    }

    public override IArrowArray Freeze(int n, int* perm, GatherScratch scratch, bool allStagedValuesLoaded)
    {
        if (perm is not null)
        {
            ColumnStaging.Permute(_values, n, perm, scratch);
            if (Nulls is not null) ColumnStaging.Permute(Nulls, n, perm, scratch);
        }
        var validity = ColumnStaging.Validity(Nulls, n, out var nulls);
        // The table's scale is the largest scale among loaded values: the column's, unless every value is null.
        var type = new Decimal128Type(38, nulls < n ? _scale : 0);
        return new Decimal128Array(new ArrayData(type, n, nulls, 0, [validity, ColumnStaging.Wrap(_bytes, (long)n * 16)]));
    }
}

/// <summary>A decimal property parsed from text or a double: staged as <see cref="decimal"/> and frozen exactly as the row path does.</summary>
internal sealed unsafe class ParsedDecimalPropertyEncoder : PropertyEncoder
{
    private readonly decimal[] _values;
    private readonly int _capacity;

    public ParsedDecimalPropertyEncoder(int column, string name, FieldKind kind, int capacity) : base(column, name, kind, PropertyType.Decimal)
    {
        _capacity = capacity;
        _values = GC.AllocateUninitializedArray<decimal>(Math.Max(capacity, 1), pinned: true);
    }

    protected override int Capacity => _capacity;

    public override void Encode(ChunkState c)
    {
        for (var i = 0; i < c.Size; i++)
        {
            if (c.Bad(i)) continue;
            var src = c.At(i);
            var row = c.Base + i;
            if (src.Kind(Column) == FieldKind.Null)
            {
                _values[row] = 0;
                SetNull(row, true);
            }
            else if (ValueReader.TryDecimal(src, Column, out var d))
            {
                _values[row] = d;
                SetNull(row, false);
            }
            else c.Fail(i, Unparseable(src));
        }
    }

    public override void Move(int from, int to)
    {
        _values[to] = _values[from];
        MoveNull(from, to);
    }

    public override IArrowArray Freeze(int n, int* perm, GatherScratch scratch, bool allStagedValuesLoaded)
    {
        fixed (decimal* values = _values)
        {
            if (perm is not null)
            {
                ColumnStaging.Permute(values, n, perm, scratch);
                if (Nulls is not null) ColumnStaging.Permute(Nulls, n, perm, scratch);
            }
        }
        var maxScale = 0;
        for (var i = 0; i < n; i++) if (Nulls is null || Nulls[i] == 0) maxScale = Math.Max(maxScale, Math.Min((int)_values[i].Scale, 18));
        var b = new Decimal128Array.Builder(new Decimal128Type(38, maxScale));
        for (var i = 0; i < n; i++)
        {
            if (Nulls is not null && Nulls[i] != 0) b.AppendNull();
            else b.Append(Math.Round(_values[i], maxScale, MidpointRounding.ToEven));
        }
        return b.Build();
    }
}
