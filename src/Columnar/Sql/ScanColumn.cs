using System.Buffers;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Columnar.Sql;

/// <summary>
/// One column of an <see cref="ArrowScan"/>: its DuckDB type, and how to fill a DuckDB vector with rows
/// <c>[start, start + count)</c> of batch <c>b</c> straight from the Arrow buffers. Fixed-width values are block-copied,
/// strings are written as <see cref="DuckDbString"/> entries that point into pinned Arrow memory, so no string is copied
/// (short ones are inlined, as DuckDB requires). Nothing here allocates per row or per chunk.
/// </summary>
internal abstract unsafe class ScanColumn : IDisposable
{
    protected ScanColumn(string name) => Name = name;

    public string Name { get; }

    /// <summary>A new DuckDB logical type handle; the caller destroys it.</summary>
    public abstract nint CreateType();

    public abstract void Fill(nint vector, int batch, int start, int count);

    /// <summary>Releases pinned Arrow memory and native lookup tables; called when DuckDB drops the function.</summary>
    public virtual void Dispose() { }

    /// <summary>The SQL type name, for documentation and Explain.</summary>
    public abstract string SqlType { get; }

    /// <summary>A column over <paramref name="arrays"/> (one per batch, all of the same type).
    /// With <paramref name="naiveTimestamps"/>, timestamps with a zone map to TIMESTAMP (UTC wall time) instead of TIMESTAMPTZ.</summary>
    public static ScanColumn For(string name, IReadOnlyList<IArrowArray> arrays, bool naiveTimestamps)
    {
        var type = arrays[0].Data.DataType;
        foreach (var a in arrays)
            if (a.Data.DataType.TypeId != type.TypeId)
                throw new ColumnarException(ErrorCodes.BadOption, $"column '{name}' changes type between record batches ({type.Name} and {a.Data.DataType.Name})");
        return type switch
        {
            Int8Type => new FixedColumn<sbyte>(name, arrays, DuckDbApi.TypeTinyInt, "TINYINT"),
            Int16Type => new FixedColumn<short>(name, arrays, DuckDbApi.TypeSmallInt, "SMALLINT"),
            Int32Type => new FixedColumn<int>(name, arrays, DuckDbApi.TypeInteger, "INTEGER"),
            Int64Type => new FixedColumn<long>(name, arrays, DuckDbApi.TypeBigInt, "BIGINT"),
            UInt8Type => new FixedColumn<byte>(name, arrays, DuckDbApi.TypeUTinyInt, "UTINYINT"),
            UInt16Type => new FixedColumn<ushort>(name, arrays, DuckDbApi.TypeUSmallInt, "USMALLINT"),
            UInt32Type => new FixedColumn<uint>(name, arrays, DuckDbApi.TypeUInteger, "UINTEGER"),
            UInt64Type => new FixedColumn<ulong>(name, arrays, DuckDbApi.TypeUBigInt, "UBIGINT"),
            FloatType => new FixedColumn<float>(name, arrays, DuckDbApi.TypeFloat, "FLOAT"),
            DoubleType => new FixedColumn<double>(name, arrays, DuckDbApi.TypeDouble, "DOUBLE"),
            Date32Type => new FixedColumn<int>(name, arrays, DuckDbApi.TypeDate, "DATE"),
            TimestampType t when t.Unit == TimeUnit.Microsecond => string.IsNullOrEmpty(t.Timezone) || naiveTimestamps
                ? new FixedColumn<long>(name, arrays, DuckDbApi.TypeTimestamp, "TIMESTAMP")
                : new FixedColumn<long>(name, arrays, DuckDbApi.TypeTimestampTz, "TIMESTAMPTZ"),
            TimestampType t => new TimestampColumn(name, arrays, t, naiveTimestamps),
            BooleanType => new BoolColumn(name, arrays),
            StringType => new StringColumn(name, arrays),
            Decimal128Type d => new DecimalColumn(name, arrays, d),
            DictionaryType d when d.ValueType is StringType => new DictionaryStringColumn(name, arrays),
            DictionaryType d when d.ValueType is Int64Type => new DictionaryFixedColumn<long>(name, arrays, DuckDbApi.TypeBigInt, "BIGINT"),
            DictionaryType d when d.ValueType is Int32Type => new DictionaryFixedColumn<int>(name, arrays, DuckDbApi.TypeInteger, "INTEGER"),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"column '{name}' has Arrow type {type.Name}, which SQL registration does not support"),
        };
    }

    /// <summary>Copies the Arrow validity of rows [start, start+count) into the DuckDB vector; nothing to do without nulls.</summary>
    protected static void CopyValidity(nint vector, IArrowArray array, int start, int count)
    {
        var data = array.Data;
        if (data.NullCount == 0 || data.Buffers[0].IsEmpty) return;
        DuckDbApi.VectorEnsureValidityWritable(vector);
        var mask = DuckDbApi.VectorGetValidity(vector);
        var bits = data.Buffers[0].Span;
        var first = data.Offset + start;
        if ((first & 7) == 0)
        {
            // Both sides are LSB-first bitmaps, so byte-aligned runs copy as bytes.
            bits.Slice(first >> 3, (count + 7) >> 3).CopyTo(new Span<byte>(mask, (count + 7) >> 3));
            return;
        }
        for (var i = 0; i < count; i++)
        {
            var bit = first + i;
            var valid = (bits[bit >> 3] >> (bit & 7) & 1) != 0;
            if (valid) mask[i >> 6] |= 1UL << (i & 63);
            else mask[i >> 6] &= ~(1UL << (i & 63));
        }
    }

    protected static nint Type(int id) => DuckDbApi.CreateLogicalType(id);
}

/// <summary>Fixed-width values that DuckDB stores exactly as Arrow does: block copy.</summary>
internal sealed unsafe class FixedColumn<T>(string name, IReadOnlyList<IArrowArray> arrays, int typeId, string sqlType) : ScanColumn(name)
    where T : unmanaged
{
    public override string SqlType => sqlType;

    public override nint CreateType() => Type(typeId);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = arrays[batch];
        var values = MemoryMarshal.Cast<byte, T>(array.Data.Buffers[1].Span).Slice(array.Data.Offset + start, count);
        values.CopyTo(new Span<T>(DuckDbApi.VectorGetData(vector), count));
        CopyValidity(vector, array, start, count);
    }
}

/// <summary>Timestamps in seconds, milliseconds or nanoseconds, converted to DuckDB's microseconds.</summary>
internal sealed unsafe class TimestampColumn(string name, IReadOnlyList<IArrowArray> arrays, TimestampType type, bool naive) : ScanColumn(name)
{
    private readonly bool _zoned = !string.IsNullOrEmpty(type.Timezone) && !naive;

    public override string SqlType => _zoned ? "TIMESTAMPTZ" : "TIMESTAMP";

    public override nint CreateType() => Type(_zoned ? DuckDbApi.TypeTimestampTz : DuckDbApi.TypeTimestamp);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = arrays[batch];
        var values = MemoryMarshal.Cast<byte, long>(array.Data.Buffers[1].Span).Slice(array.Data.Offset + start, count);
        var target = new Span<long>(DuckDbApi.VectorGetData(vector), count);
        switch (type.Unit)
        {
            case TimeUnit.Second: for (var i = 0; i < count; i++) target[i] = values[i] * 1_000_000; break;
            case TimeUnit.Millisecond: for (var i = 0; i < count; i++) target[i] = values[i] * 1_000; break;
            default: for (var i = 0; i < count; i++) target[i] = Math.DivRem(values[i], 1000, out var rem) - (rem < 0 ? 1 : 0); break;
        }
        CopyValidity(vector, array, start, count);
    }
}

/// <summary>Arrow's bit-packed booleans, unpacked to DuckDB's one byte per value.</summary>
internal sealed unsafe class BoolColumn(string name, IReadOnlyList<IArrowArray> arrays) : ScanColumn(name)
{
    public override string SqlType => "BOOLEAN";

    public override nint CreateType() => Type(DuckDbApi.TypeBoolean);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = arrays[batch];
        var bits = array.Data.Buffers[1].Span;
        var first = array.Data.Offset + start;
        var target = (byte*)DuckDbApi.VectorGetData(vector);
        for (var i = 0; i < count; i++)
        {
            var bit = first + i;
            target[i] = (byte)(bits[bit >> 3] >> (bit & 7) & 1);
        }
        CopyValidity(vector, array, start, count);
    }
}

/// <summary>Exact decimals: decimal128 has DuckDB's HUGEINT layout for widths above 18; narrower widths are stored narrower.</summary>
internal sealed unsafe class DecimalColumn(string name, IReadOnlyList<IArrowArray> arrays, Decimal128Type type) : ScanColumn(name)
{
    public override string SqlType => $"DECIMAL({type.Precision}, {type.Scale})";

    public override nint CreateType() => DuckDbApi.CreateDecimalType((byte)type.Precision, (byte)type.Scale);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = arrays[batch];
        var words = MemoryMarshal.Cast<byte, long>(array.Data.Buffers[1].Span).Slice(2 * (array.Data.Offset + start), 2 * count);
        var target = DuckDbApi.VectorGetData(vector);
        if (type.Precision > 18) words.CopyTo(new Span<long>(target, 2 * count));
        else if (type.Precision > 9) for (var i = 0; i < count; i++) ((long*)target)[i] = words[2 * i];
        else if (type.Precision > 4) for (var i = 0; i < count; i++) ((int*)target)[i] = (int)words[2 * i];
        else for (var i = 0; i < count; i++) ((short*)target)[i] = (short)words[2 * i];
        CopyValidity(vector, array, start, count);
    }
}

/// <summary>Plain utf8 strings: each entry points into the pinned Arrow value buffer.</summary>
internal sealed unsafe class StringColumn : ScanColumn
{
    private readonly IReadOnlyList<IArrowArray> _arrays;
    private readonly MemoryHandle[] _pins;

    public StringColumn(string name, IReadOnlyList<IArrowArray> arrays) : base(name)
    {
        _arrays = arrays;
        _pins = arrays.Select(a => ((StringArray)a).ValueBuffer.Memory.Pin()).ToArray();
    }

    public override string SqlType => "VARCHAR";

    public override nint CreateType() => Type(DuckDbApi.TypeVarchar);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = (StringArray)_arrays[batch];
        var offsets = array.ValueOffsets.Slice(start, count + 1);
        var data = (byte*)_pins[batch].Pointer;
        var target = (DuckDbString*)DuckDbApi.VectorGetData(vector);
        for (var i = 0; i < count; i++) target[i] = DuckDbString.Create(data + offsets[i], offsets[i + 1] - offsets[i]);
        CopyValidity(vector, array, start, count);
    }

    public override void Dispose()
    {
        foreach (var p in _pins) p.Dispose();
    }
}

/// <summary>Dictionary-encoded strings: one <see cref="DuckDbString"/> per distinct value, built once at registration,
/// then each row is a 16-byte gather by its index. Costs O(distinct values), never O(rows).</summary>
internal sealed unsafe class DictionaryStringColumn : ScanColumn
{
    private readonly IReadOnlyList<IArrowArray> _arrays;
    private readonly MemoryHandle[] _pins;
    private readonly DuckDbString*[] _tables;

    public DictionaryStringColumn(string name, IReadOnlyList<IArrowArray> arrays) : base(name)
    {
        _arrays = arrays;
        _pins = new MemoryHandle[arrays.Count];
        _tables = new DuckDbString*[arrays.Count];
        for (var b = 0; b < arrays.Count; b++)
        {
            var values = (StringArray)((DictionaryArray)arrays[b]).Dictionary;
            _pins[b] = values.ValueBuffer.Memory.Pin();
            var table = (DuckDbString*)NativeMemory.Alloc((nuint)Math.Max(1, values.Length), (nuint)sizeof(DuckDbString));
            var offsets = values.ValueOffsets;
            var data = (byte*)_pins[b].Pointer;
            for (var i = 0; i < values.Length; i++) table[i] = DuckDbString.Create(data + offsets[i], offsets[i + 1] - offsets[i]);
            _tables[b] = table;
        }
    }

    public override string SqlType => "VARCHAR";

    public override nint CreateType() => Type(DuckDbApi.TypeVarchar);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = (DictionaryArray)_arrays[batch];
        var table = _tables[batch];
        var target = (DuckDbString*)DuckDbApi.VectorGetData(vector);
        switch (array.Indices)
        {
            case Int16Array s: Gather(s.Values.Slice(start, count), table, target, array); break;
            case Int32Array s: Gather(s.Values.Slice(start, count), table, target, array); break;
            case Int8Array s: Gather(s.Values.Slice(start, count), table, target, array); break;
            case Int64Array s: Gather(s.Values.Slice(start, count), table, target, array); break;
            default: throw new ColumnarException(ErrorCodes.BadOption, $"column '{Name}' has an unsupported dictionary index type");
        }
        CopyValidity(vector, array, start, count);
    }

    private static void Gather<TIndex>(ReadOnlySpan<TIndex> codes, DuckDbString* table, DuckDbString* target, DictionaryArray array)
        where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        var limit = array.Dictionary.Length;
        if (array.NullCount == 0)
        {
            for (var i = 0; i < codes.Length; i++) target[i] = table[int.CreateTruncating(codes[i])];
            return;
        }
        // Indices under null rows are unspecified in Arrow; never follow an out-of-range one.
        for (var i = 0; i < codes.Length; i++)
        {
            var c = int.CreateTruncating(codes[i]);
            target[i] = (uint)c < (uint)limit ? table[c] : default;
        }
    }

    public override void Dispose()
    {
        foreach (var p in _pins) p.Dispose();
        foreach (var t in _tables) NativeMemory.Free(t);
    }
}

/// <summary>Dictionary-encoded fixed-width values (such as the int64 original user ids), gathered by index.</summary>
internal sealed unsafe class DictionaryFixedColumn<T>(string name, IReadOnlyList<IArrowArray> arrays, int typeId, string sqlType) : ScanColumn(name)
    where T : unmanaged
{
    public override string SqlType => sqlType;

    public override nint CreateType() => Type(typeId);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var array = (DictionaryArray)arrays[batch];
        var dictionary = array.Dictionary.Data;
        var values = MemoryMarshal.Cast<byte, T>(dictionary.Buffers[1].Span).Slice(dictionary.Offset, dictionary.Length);
        var target = new Span<T>(DuckDbApi.VectorGetData(vector), count);
        switch (array.Indices)
        {
            case Int32Array s: Gather(s.Values.Slice(start, count), values, target); break;
            case Int16Array s: Gather(s.Values.Slice(start, count), values, target); break;
            case Int8Array s: Gather(s.Values.Slice(start, count), values, target); break;
            case Int64Array s: Gather(s.Values.Slice(start, count), values, target); break;
            default: throw new ColumnarException(ErrorCodes.BadOption, $"column '{Name}' has an unsupported dictionary index type");
        }
        CopyValidity(vector, array, start, count);
    }

    private static void Gather<TIndex>(ReadOnlySpan<TIndex> codes, ReadOnlySpan<T> values, Span<T> target)
        where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        // Indices under null rows are unspecified in Arrow; never follow an out-of-range one.
        for (var i = 0; i < codes.Length; i++)
        {
            var c = int.CreateTruncating(codes[i]);
            target[i] = (uint)c < (uint)values.Length ? values[c] : default;
        }
    }
}

/// <summary>The row's position across all batches, as INTEGER: <c>seq</c> of the event table and <c>user</c> of the users table.</summary>
internal sealed unsafe class SequenceColumn(string name, int[] batchStarts) : ScanColumn(name)
{
    public override string SqlType => "INTEGER";

    public override nint CreateType() => Type(DuckDbApi.TypeInteger);

    public override void Fill(nint vector, int batch, int start, int count)
    {
        var target = (int*)DuckDbApi.VectorGetData(vector);
        var first = batchStarts[batch] + start;
        for (var i = 0; i < count; i++) target[i] = first + i;
    }
}
