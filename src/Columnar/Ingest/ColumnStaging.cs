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
    /// Reorders <paramref name="data"/> in place so that position r receives the value at <paramref name="perm"/>[r], by
    /// following the permutation's cycles; <paramref name="visited"/> is scratch of at least n bits.
    /// </summary>
    public static void Permute<T>(T* data, int n, int* perm, ulong[] visited) where T : unmanaged
    {
        Array.Clear(visited);
        for (var start = 0; start < n; start++)
        {
            if ((visited[start >> 6] & (1UL << (start & 63))) != 0) continue;
            if (perm[start] == start) continue;
            var first = data[start];
            var j = start;
            while (true)
            {
                visited[j >> 6] |= 1UL << (j & 63);
                var k = perm[j];
                if (k == start)
                {
                    data[j] = first;
                    break;
                }
                data[j] = data[k];
                j = k;
            }
        }
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
