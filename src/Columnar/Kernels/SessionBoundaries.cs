using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>
/// Marks the rows that start a session: the first row, every row whose user differs from the previous row's, and every row
/// whose gap to the previous row is strictly greater than the timeout. Times must be non-decreasing within each user.
/// One vector step covers the int32 lanes of a user vector and two int64 time vectors of the same width, compares each row
/// with its predecessor through a load shifted by one, and ends with an overlapping step over the last rows.
/// </summary>
internal static class SessionBoundaries
{
    /// <summary>Marks session starts over rows of several users.</summary>
    /// <param name="times">µs UTC, non-decreasing within each user.</param>
    /// <param name="users">The user of each row (same length as <paramref name="times"/>), or empty when all rows belong to one user.</param>
    /// <param name="timeoutMicros">A gap strictly greater than this starts a session.</param>
    /// <param name="bits">At least <see cref="Bits.Words"/>(times.Length) words; bit i is set iff row i starts a session.</param>
    public static void Mark(ReadOnlySpan<long> times, ReadOnlySpan<int> users, long timeoutMicros, Span<ulong> bits) =>
        Mark(times, users, timeoutMicros, bits, Simd.Path);

    /// <inheritdoc cref="Mark(ReadOnlySpan{long}, ReadOnlySpan{int}, long, Span{ulong})"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mark(ReadOnlySpan<long> times, ReadOnlySpan<int> users, long timeoutMicros, Span<ulong> bits, SimdPath path)
    {
        var n = times.Length;
        if (!users.IsEmpty && users.Length != n) throw new ArgumentException("users and times differ in length", nameof(users));
        bits[..Bits.Words(n)].Clear();
        if (n == 0) return;
        bits[0] = 1;
        ref var t = ref MemoryMarshal.GetReference(times);
        ref var u = ref MemoryMarshal.GetReference(users);
        var hasUsers = !users.IsEmpty;
        int b = 1, w;
        // Positions 1..n-1 are compared, so n - 1 of them must fill a vector.
        // The aligned stores below view the words as little-endian halves or bytes.
        switch (BitConverter.IsLittleEndian ? Simd.Fit(path, n - 1, Vector128<int>.Count) : SimdPath.Scalar)
        {
            case SimdPath.V512:
                // The first group starts at row 1 (row 0 has no predecessor); later groups start at multiples of w, so
                // each one's w bits are a plain store into the bitset (no read-modify-write spanning two words).
                w = Vector512<int>.Count;
                Bits.Or(bits, 1, Step512(ref t, ref u, 1, timeoutMicros, hasUsers));
                ref var halves512 = ref Unsafe.As<ulong, ushort>(ref MemoryMarshal.GetReference(bits));
                for (b = w; b <= n - w; b += w) Unsafe.Add(ref halves512, b / w) = (ushort)Step512(ref t, ref u, b, timeoutMicros, hasUsers);
                if (b < n) Bits.Or(bits, n - w, Step512(ref t, ref u, n - w, timeoutMicros, hasUsers));
                return;
            case SimdPath.V256:
                w = Vector256<int>.Count;
                Bits.Or(bits, 1, Step256(ref t, ref u, 1, timeoutMicros, hasUsers));
                ref var bytes256 = ref Unsafe.As<ulong, byte>(ref MemoryMarshal.GetReference(bits));
                for (b = w; b <= n - w; b += w) Unsafe.Add(ref bytes256, b / w) = (byte)Step256(ref t, ref u, b, timeoutMicros, hasUsers);
                if (b < n) Bits.Or(bits, n - w, Step256(ref t, ref u, n - w, timeoutMicros, hasUsers));
                return;
            case SimdPath.V128:
                w = Vector128<int>.Count;
                for (; b <= n - w; b += w) Bits.Or(bits, b, Step128(ref t, ref u, b, timeoutMicros, hasUsers));
                if (b < n) Bits.Or(bits, n - w, Step128(ref t, ref u, n - w, timeoutMicros, hasUsers));
                return;
            default:
                for (; b < n; b++)
                {
                    var start = Unsafe.Add(ref t, b) - Unsafe.Add(ref t, b - 1) > timeoutMicros
                                || (hasUsers && Unsafe.Add(ref u, b) != Unsafe.Add(ref u, b - 1));
                    if (start) bits[b >> 6] |= 1UL << (b & 63);
                }
                return;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step512(ref long t, ref int u, int b, long timeout, bool hasUsers)
    {
        var h = Vector512<long>.Count;
        var limit = Vector512.Create(timeout);
        var lo = Vector512.LoadUnsafe(ref t, (nuint)b) - Vector512.LoadUnsafe(ref t, (nuint)(b - 1));
        var hi = Vector512.LoadUnsafe(ref t, (nuint)(b + h)) - Vector512.LoadUnsafe(ref t, (nuint)(b + h - 1));
        var m = Vector512.GreaterThan(lo, limit).ExtractMostSignificantBits() | Vector512.GreaterThan(hi, limit).ExtractMostSignificantBits() << h;
        if (hasUsers)
            m |= (~Vector512.Equals(Vector512.LoadUnsafe(ref u, (nuint)b), Vector512.LoadUnsafe(ref u, (nuint)(b - 1)))).ExtractMostSignificantBits();
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step256(ref long t, ref int u, int b, long timeout, bool hasUsers)
    {
        var h = Vector256<long>.Count;
        var limit = Vector256.Create(timeout);
        var lo = Vector256.LoadUnsafe(ref t, (nuint)b) - Vector256.LoadUnsafe(ref t, (nuint)(b - 1));
        var hi = Vector256.LoadUnsafe(ref t, (nuint)(b + h)) - Vector256.LoadUnsafe(ref t, (nuint)(b + h - 1));
        ulong m = Vector256.GreaterThan(lo, limit).ExtractMostSignificantBits() | Vector256.GreaterThan(hi, limit).ExtractMostSignificantBits() << h;
        if (hasUsers)
            m |= (~Vector256.Equals(Vector256.LoadUnsafe(ref u, (nuint)b), Vector256.LoadUnsafe(ref u, (nuint)(b - 1)))).ExtractMostSignificantBits();
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step128(ref long t, ref int u, int b, long timeout, bool hasUsers)
    {
        var h = Vector128<long>.Count;
        var limit = Vector128.Create(timeout);
        var lo = Vector128.LoadUnsafe(ref t, (nuint)b) - Vector128.LoadUnsafe(ref t, (nuint)(b - 1));
        var hi = Vector128.LoadUnsafe(ref t, (nuint)(b + h)) - Vector128.LoadUnsafe(ref t, (nuint)(b + h - 1));
        ulong m = Vector128.GreaterThan(lo, limit).ExtractMostSignificantBits() | Vector128.GreaterThan(hi, limit).ExtractMostSignificantBits() << h;
        if (hasUsers)
            m |= (~Vector128.Equals(Vector128.LoadUnsafe(ref u, (nuint)b), Vector128.LoadUnsafe(ref u, (nuint)(b - 1)))).ExtractMostSignificantBits();
        return m;
    }
}
