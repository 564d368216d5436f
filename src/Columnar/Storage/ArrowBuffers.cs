using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Types;

namespace Columnar.Storage;

/// <summary>Small helpers that freeze managed arrays into Arrow buffers without an extra copy, and measure them.</summary>
internal static class ArrowBuffers
{
    /// <summary>Allocates a byte buffer for <paramref name="length"/> values of <typeparamref name="T"/> and returns it with a typed view.</summary>
    public static byte[] Allocate<T>(int length, out Span<T> view) where T : unmanaged
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked(length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        view = MemoryMarshal.Cast<byte, T>(bytes.AsSpan());
        return bytes;
    }

    public static ArrowBuffer Wrap(byte[] bytes) => new(bytes);

    /// <summary>Builds a validity bitmap from a per-row null flag; returns <see cref="ArrowBuffer.Empty"/> when nothing is null.</summary>
    public static ArrowBuffer Validity(ReadOnlySpan<bool> isNull, out int nullCount)
    {
        nullCount = 0;
        foreach (var n in isNull) if (n) nullCount++;
        if (nullCount == 0) return ArrowBuffer.Empty;
        var bits = new byte[(isNull.Length + 7) / 8];
        for (var i = 0; i < isNull.Length; i++)
            if (!isNull[i]) bits[i >> 3] |= (byte)(1 << (i & 7));
        return new ArrowBuffer(bits);
    }

    public static StringArray Strings(IEnumerable<string> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values) b.Append(v);
        return b.Build();
    }

    /// <summary>Sums the lengths of every buffer of an array, including children and dictionaries.</summary>
    public static long SizeOf(IArrowArray array) => SizeOf(array.Data);

    public static long SizeOf(ArrayData data)
    {
        long total = 0;
        foreach (var b in data.Buffers) total += b.Length;
        foreach (var c in data.Children ?? []) total += SizeOf(c);
        if (data.Dictionary is not null) total += SizeOf(data.Dictionary);
        return total;
    }

    public static readonly TimestampType MicrosUtc = new(TimeUnit.Microsecond, "UTC");
}
