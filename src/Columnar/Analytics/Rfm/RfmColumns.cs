using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Columnar.Kernels;
using Columnar.Storage;

namespace Columnar.Analytics.Rfm;

/// <summary>
/// The RFM amount and order columns as <see cref="IRowNumbers"/> for <see cref="RfmKernel"/>: amounts unscaled (decimal128 raw
/// values, or int64 at scale 0); order ids as keys equal exactly when DuckDB's DISTINCT deems the values equal (dictionary codes
/// for strings, raw values otherwise, doubles with −0.0 and NaN normalised).
/// </summary>
internal ref struct RfmColumn : IRowNumbers
{
    private readonly ReadOnlySpan<byte> _validity;
    private readonly int _offset;
    private readonly ReadOnlySpan<Int128> _decimals;
    private readonly ReadOnlySpan<long> _longs;
    private readonly ReadOnlySpan<int> _codes;
    private readonly ReadOnlySpan<byte> _bools;
    private readonly PropertyType _type;

    public RfmColumn(PropertyColumn column)
    {
        var array = (Apache.Arrow.Array)column.Data;
        _type = column.Type;
        // Bit-packed buffers (validity, booleans) start at bit 0 of the buffer, so they need the array offset; typed value spans start at it.
        _offset = array.Offset;
        _validity = array.NullCount == 0 ? default : array.NullBitmapBuffer.Span;
        switch (column.Data)
        {
            case Decimal128Array d: _decimals = MemoryMarshal.Cast<byte, Int128>(d.ValueBuffer.Span)[d.Offset..]; break;
            case Int64Array i: _longs = i.Values; break;
            case TimestampArray t: _longs = t.Values; break;
            case DoubleArray f: _longs = MemoryMarshal.Cast<double, long>(f.Values); break;
            case DictionaryArray s: _codes = ((Int32Array)s.Indices).Values; break;
            case BooleanArray b: _bools = b.ValueBuffer.Span; break;
            default: throw new InvalidOperationException($"unsupported property array {column.Data.GetType().Name}");
        }
    }

    public readonly bool IsNull(int row)
    {
        if (_validity.IsEmpty) return false;
        var bit = row + _offset;
        return (_validity[bit >> 3] & (1 << (bit & 7))) == 0;
    }

    public readonly Int128 Get(int row) => _type switch
    {
        PropertyType.Decimal => _decimals[row],
        PropertyType.String => _codes[row],
        PropertyType.Bool => (_bools[(row + _offset) >> 3] >> ((row + _offset) & 7)) & 1,
        PropertyType.Double => NormalisedDouble(_longs[row]),
        _ => _longs[row],
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public readonly void GetOrZero(ReadOnlySpan<int> rows, Span<Int128> destination)
    {
        destination = destination[..rows.Length];
        switch (_type)
        {
            case PropertyType.Decimal:
                for (var i = 0; i < rows.Length; i++) destination[i] = _decimals[rows[i]];
                break;
            case PropertyType.Int64 or PropertyType.Timestamp:
                for (var i = 0; i < rows.Length; i++) destination[i] = _longs[rows[i]];
                break;
            default:
                for (var i = 0; i < rows.Length; i++) destination[i] = Get(rows[i]);
                break;
        }
        if (_validity.IsEmpty) return;
        for (var i = 0; i < rows.Length; i++)
            if (IsNull(rows[i])) destination[i] = 0;
    }

    private static long NormalisedDouble(long bits)
    {
        var d = BitConverter.Int64BitsToDouble(bits);
        if (double.IsNaN(d)) return BitConverter.DoubleToInt64Bits(double.NaN);
        return d == 0 ? 0 : bits;
    }
}
