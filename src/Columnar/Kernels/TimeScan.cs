using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>
/// Forward search in a user's sorted times: the first row at or after a position whose time reaches a bound and, optionally,
/// whose event code matches. A linear vector scan beats galloping here because the next hit is usually a few rows ahead, and
/// it reads the rows in order, which the hardware prefetcher follows (a gallop's jumps across users it does not). One vector
/// step covers the int16 lanes of a code vector and as many int64 times (four time vectors of a quarter of the lanes each);
/// the last step ends at the span's end, overlapping earlier rows, and drops the lanes before the position.
/// </summary>
internal static class TimeScan
{
    /// <summary>The first index r ≥ <paramref name="from"/> with times[r] ≥ <paramref name="bound"/> and, when
    /// <paramref name="matchCode"/>, codes[r] == <paramref name="code"/>; times.Length when there is none.</summary>
    /// <param name="times">µs UTC; any order (the scan does not rely on sorting, callers do for its speed).</param>
    /// <param name="codes">Event codes, as long as <paramref name="times"/> (may be empty when <paramref name="matchCode"/> is false).</param>
    /// <param name="from">The first index to consider, 0..times.Length.</param>
    /// <param name="bound">The smallest time that qualifies.</param>
    /// <param name="matchCode">Whether the code must match too.</param>
    /// <param name="code">The code to match.</param>
    /// <param name="path">The SIMD path.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // called per active period; its callers' loops are the hot ones
    public static int FirstAtOrAfter(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int from, long bound, bool matchCode, short code, SimdPath path)
    {
        var n = times.Length;
        if (matchCode && codes.Length != n) throw new ArgumentException("codes and times differ in length", nameof(codes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)from, (uint)n, nameof(from));
        ref var t = ref MemoryMarshal.GetReference(times);
        ref var c = ref MemoryMarshal.GetReference(codes);
        int i = from, w;
        ulong m;
        // The width fits the whole span, not what is left after `from`: the overlapping last step may start before `from`
        // (its earlier lanes are shifted out), so a short rest still takes one full-width step instead of a scalar loop.
        switch (Simd.Fit(path, n, Vector128<short>.Count))
        {
            case SimdPath.V512:
                w = Vector512<short>.Count;
                for (; i <= n - w; i += w)
                    if ((m = Step512(ref t, ref c, i, bound, matchCode, code)) != 0) return i + BitOperations.TrailingZeroCount(m);
                if (i < n && (m = Step512(ref t, ref c, n - w, bound, matchCode, code) >> (i - (n - w))) != 0)
                    return i + BitOperations.TrailingZeroCount(m);
                return n;
            case SimdPath.V256:
                w = Vector256<short>.Count;
                for (; i <= n - w; i += w)
                    if ((m = Step256(ref t, ref c, i, bound, matchCode, code)) != 0) return i + BitOperations.TrailingZeroCount(m);
                if (i < n && (m = Step256(ref t, ref c, n - w, bound, matchCode, code) >> (i - (n - w))) != 0)
                    return i + BitOperations.TrailingZeroCount(m);
                return n;
            case SimdPath.V128:
                w = Vector128<short>.Count;
                for (; i <= n - w; i += w)
                    if ((m = Step128(ref t, ref c, i, bound, matchCode, code)) != 0) return i + BitOperations.TrailingZeroCount(m);
                if (i < n && (m = Step128(ref t, ref c, n - w, bound, matchCode, code) >> (i - (n - w))) != 0)
                    return i + BitOperations.TrailingZeroCount(m);
                return n;
            default:
                for (; i < n; i++)
                    if (Unsafe.Add(ref t, i) >= bound && (!matchCode || Unsafe.Add(ref c, i) == code)) return i;
                return n;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step512(ref long t, ref short c, int i, long bound, bool matchCode, short code)
    {
        var q = Vector512<long>.Count;
        var b = Vector512.Create(bound);
        var m = Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref t, (nuint)i), b).ExtractMostSignificantBits()
                | Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref t, (nuint)(i + q)), b).ExtractMostSignificantBits() << q
                | Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref t, (nuint)(i + 2 * q)), b).ExtractMostSignificantBits() << (2 * q)
                | Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref t, (nuint)(i + 3 * q)), b).ExtractMostSignificantBits() << (3 * q);
        if (matchCode) m &= Vector512.Equals(Vector512.LoadUnsafe(ref c, (nuint)i), Vector512.Create(code)).ExtractMostSignificantBits();
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step256(ref long t, ref short c, int i, long bound, bool matchCode, short code)
    {
        var q = Vector256<long>.Count;
        var b = Vector256.Create(bound);
        ulong m = Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref t, (nuint)i), b).ExtractMostSignificantBits()
                  | Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref t, (nuint)(i + q)), b).ExtractMostSignificantBits() << q
                  | Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref t, (nuint)(i + 2 * q)), b).ExtractMostSignificantBits() << (2 * q)
                  | Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref t, (nuint)(i + 3 * q)), b).ExtractMostSignificantBits() << (3 * q);
        if (matchCode) m &= Vector256.Equals(Vector256.LoadUnsafe(ref c, (nuint)i), Vector256.Create(code)).ExtractMostSignificantBits();
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Step128(ref long t, ref short c, int i, long bound, bool matchCode, short code)
    {
        var q = Vector128<long>.Count;
        var b = Vector128.Create(bound);
        ulong m = Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref t, (nuint)i), b).ExtractMostSignificantBits()
                  | Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref t, (nuint)(i + q)), b).ExtractMostSignificantBits() << q
                  | Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref t, (nuint)(i + 2 * q)), b).ExtractMostSignificantBits() << (2 * q)
                  | Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref t, (nuint)(i + 3 * q)), b).ExtractMostSignificantBits() << (3 * q);
        if (matchCode) m &= Vector128.Equals(Vector128.LoadUnsafe(ref c, (nuint)i), Vector128.Create(code)).ExtractMostSignificantBits();
        return m;
    }
}
