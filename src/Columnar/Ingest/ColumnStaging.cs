using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Array = System.Array;

namespace Columnar.Ingest;

/// <summary>
/// Buffers of the columnar load. Each column is staged, in arrival order, directly in the byte array that becomes its final
/// Arrow buffer (pinned, so encoders write through pointers); sorting then permutes it in place, so a load holds about one
/// copy of the table instead of two.
/// </summary>
internal static unsafe class ColumnStaging
{
    /// <summary>A pinned, uninitialised byte array for <paramref name="n"/> values of <typeparamref name="T"/>, and a pointer to it.</summary>
    public static byte[] Pinned<T>(int n, out T* pointer) where T : unmanaged
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked(Math.Max(n, 1) * sizeof(T)), pinned: true);
        pointer = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes));
        return bytes;
    }

    /// <summary>A pinned, zeroed byte array of <paramref name="n"/> bytes, and a pointer to it.</summary>
    public static byte[] PinnedZeroed(int n, out byte* pointer)
    {
        var bytes = GC.AllocateArray<byte>(Math.Max(n, 1), pinned: true);
        pointer = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(bytes));
        return bytes;
    }

    /// <summary>
    /// The first <paramref name="length"/> bytes of <paramref name="bytes"/> as an Arrow buffer: the array itself when it fits,
    /// a view when the slack is small, and an exact copy when many staged rows were rejected.
    /// </summary>
    public static ArrowBuffer Wrap(byte[] bytes, long length)
    {
        if (bytes.Length == length) return new ArrowBuffer(bytes);
        if (bytes.Length - length <= length / 8 + 4096) return new ArrowBuffer(bytes.AsMemory(0, (int)length));
        return new ArrowBuffer(bytes.AsSpan(0, (int)length).ToArray());
    }

    /// <summary>
    /// Reorders <paramref name="data"/> so that position r receives the value at <paramref name="perm"/>[r]: a gather into
    /// <paramref name="scratch"/> (sequential writes, independent random reads, so the memory system overlaps the misses; a
    /// cycle-following permutation in place would chase one dependent miss after another), then copied back.
    /// </summary>
    public static void Permute<T>(T* data, int n, int* perm, GatherScratch scratch) where T : unmanaged
    {
        if (sizeof(T) > 8 && sizeof(T) % 8 == 0)
        {
            // Wide values (decimal128) move as 8-byte lanes, one lane at a time, so the scratch never exceeds 8 bytes per row.
            var lanes = sizeof(T) / 8;
            var words = (ulong*)data;
            var lane = (ulong*)scratch.Get((nuint)n * 8);
            for (var l = 0; l < lanes; l++)
            {
                for (var r = 0; r < n; r++) lane[r] = words[(long)perm[r] * lanes + l];
                for (var r = 0; r < n; r++) words[(long)r * lanes + l] = lane[r];
            }
            return;
        }
        var tmp = (T*)scratch.Get((nuint)n * (nuint)sizeof(T));
        for (var r = 0; r < n; r++) tmp[r] = data[perm[r]];
        Buffer.MemoryCopy(tmp, data, (long)n * sizeof(T), (long)n * sizeof(T));
    }

    /// <summary>An Arrow validity bitmap for a per-row null flag (1 = null), or <see cref="ArrowBuffer.Empty"/> without nulls.</summary>
    public static ArrowBuffer Validity(byte* isNull, int n, out int nullCount)
    {
        nullCount = 0;
        if (isNull is null) return ArrowBuffer.Empty;
        for (var i = 0; i < n; i++) nullCount += isNull[i];
        if (nullCount == 0) return ArrowBuffer.Empty;
        var bits = new byte[(n + 7) / 8];
        for (var i = 0; i < n; i++)
            if (isNull[i] == 0) bits[i >> 3] |= (byte)(1 << (i & 7));
        return new ArrowBuffer(bits);
    }
}

/// <summary>
/// A native scratch buffer for <see cref="ColumnStaging.Permute"/>, reused across the columns a thread permutes and grown as
/// needed; native memory goes back to the system as soon as it is freed, so it never lingers in the peak as garbage would.
/// </summary>
internal sealed unsafe class GatherScratch : IDisposable
{
    private void* _buffer;
    private nuint _size;

    public void* Get(nuint bytes)
    {
        if (bytes <= _size) return _buffer;
        Dispose();
        _buffer = System.Runtime.InteropServices.NativeMemory.Alloc(Math.Max(bytes, 1));
        _size = bytes;
        return _buffer;
    }

    public void Dispose()
    {
        if (_buffer is null) return;
        System.Runtime.InteropServices.NativeMemory.Free(_buffer);
        _buffer = null;
        _size = 0;
    }
}
