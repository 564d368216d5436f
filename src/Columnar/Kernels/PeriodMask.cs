using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Columnar.Kernels;

/// <summary>
/// The periods a user is active in, as one 64-bit mask, when every period has the same length (days or weeks in a zone
/// without an offset change): bit k is set when some row in [from, times.Length) with time t &lt; end (and, when
/// <c>matchReturn</c>, event code = return code) has floor((t − cohortStart) / length) = k.
/// </summary>
/// <remarks>
/// <para>Preconditions: times are non-decreasing; every row from <c>from</c> on has t ≥ cohortStart; end − cohortStart ≤
/// 64 · length &lt; 2^52 (so offsets and their periods are exact doubles and k ≤ 63 below end).</para>
/// <para>The division is a multiplication by 1 / length in doubles, then corrected by one step either way against the exact
/// remainder (all integers below 2^53, so the remainder is exact). The vector paths convert 64-bit integers to doubles and
/// back with the 2^52 magic-number trick, valid because the values lie in [0, 2^52); lanes at or after end are masked off
/// (their values may be anything). The tail overlaps the last full vector: OR is idempotent, so rows seen twice do no harm.
/// Times are sorted, so the loop stops after the first vector holding a row at or after end.</para>
/// </remarks>
internal static class PeriodMask
{
    private const long MagicBits = 0x4330000000000000; // the bits of 2^52 as a double
    private const double Magic = 4503599627370496.0; // 2^52

    /// <summary>The active-period mask; see the type's remarks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Active(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int from, long cohortStart, long end, long length,
        double inverse, bool matchReturn, short returnCode, SimdPath path)
    {
        var n = times.Length - from;
        if (n <= 0) return 0;
        switch (Simd.Fit(path, n, Vector128<long>.Count))
        {
            case SimdPath.V512: return Vector512Path(times, codes, from, cohortStart, end, length, inverse, matchReturn, returnCode);
            case SimdPath.V256: return Vector256Path(times, codes, from, cohortStart, end, length, inverse, matchReturn, returnCode);
            case SimdPath.V128: return Vector128Path(times, codes, from, cohortStart, end, length, inverse, matchReturn, returnCode);
            default: return Scalar(times, codes, from, cohortStart, end, length, inverse, matchReturn, returnCode);
        }
    }

    /// <summary>The scalar path: the oracle of the vector paths, and the one used below a vector's length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Scalar(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int from, long cohortStart, long end, long length,
        double inverse, bool matchReturn, short returnCode)
    {
        ulong mask = 0;
        for (var r = from; r < times.Length; r++)
        {
            var t = times[r];
            if (t >= end) break;
            var x = t - cohortStart;
            var k = (long)(x * inverse);
            var rest = x - k * length;
            k += (rest >= length ? 1 : 0) - (rest < 0 ? 1 : 0);
            var bit = 1UL << (int)k;
            mask |= !matchReturn || codes[r] == returnCode ? bit : 0;
        }
        return mask;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Vector256Path(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int from, long cohortStart, long end, long length,
        double inverse, bool matchReturn, short returnCode)
    {
        const int w = 4;
        var start = Vector256.Create(cohortStart);
        var endV = Vector256.Create(end);
        var inv = Vector256.Create(inverse);
        var len = Vector256.Create((double)length);
        var magicBits = Vector256.Create(MagicBits);
        var magic = Vector256.Create(Magic);
        var one = Vector256<ulong>.One;
        var acc = Vector256<ulong>.Zero;
        var last = times.Length - w;
        for (var r = from; ; r += w)
        {
            if (r > last) r = last; // the overlapping tail (n ≥ w is guaranteed by Fit)
            var t = Vector256.Create(times.Slice(r, w));
            var valid = Vector256.LessThan(t, endV);
            var x = (t - start).AsUInt64();
            var d = (x | magicBits.AsUInt64()).AsDouble() - magic;
            var q = Vector256.Floor(d * inv);
            var rest = d - q * len;
            q += (Vector256.GreaterThanOrEqual(rest, len).AsDouble() & Vector256<double>.One)
                 - (Vector256.LessThan(rest, Vector256<double>.Zero).AsDouble() & Vector256<double>.One);
            var k = (q + magic).AsUInt64() - magicBits.AsUInt64();
            var bits = ShiftLeft(one, k) & valid.AsUInt64();
            if (matchReturn)
            {
                // The four codes as one 64-bit load, widened to ints.
                var packed = Vector128.CreateScalarUnsafe(MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(codes.Slice(r, w)))).AsInt16();
                var eq = Vector128.Equals(Vector128.WidenLower(packed), Vector128.Create((int)returnCode));
                bits &= Vector256.Create(Vector128.WidenLower(eq), Vector128.WidenUpper(eq)).AsUInt64();
            }
            acc |= bits;
            if (r == last || valid.AsUInt64() != Vector256<ulong>.AllBitsSet) break;
        }
        return acc[0] | acc[1] | acc[2] | acc[3];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Vector128Path(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int from, long cohortStart, long end, long length,
        double inverse, bool matchReturn, short returnCode)
    {
        const int w = 2;
        var start = Vector128.Create(cohortStart);
        var endV = Vector128.Create(end);
        var inv = Vector128.Create(inverse);
        var len = Vector128.Create((double)length);
        var magicBits = Vector128.Create(MagicBits);
        var magic = Vector128.Create(Magic);
        var one = Vector128<ulong>.One;
        var acc = Vector128<ulong>.Zero;
        var last = times.Length - w;
        for (var r = from; ; r += w)
        {
            if (r > last) r = last;
            var t = Vector128.Create(times.Slice(r, w));
            var valid = Vector128.LessThan(t, endV);
            var x = (t - start).AsUInt64();
            var d = (x | magicBits.AsUInt64()).AsDouble() - magic;
            var q = Vector128.Floor(d * inv);
            var rest = d - q * len;
            q += (Vector128.GreaterThanOrEqual(rest, len).AsDouble() & Vector128<double>.One)
                 - (Vector128.LessThan(rest, Vector128<double>.Zero).AsDouble() & Vector128<double>.One);
            var k = (q + magic).AsUInt64() - magicBits.AsUInt64();
            var bits = ShiftLeft(one, k) & valid.AsUInt64();
            if (matchReturn)
                bits &= Vector128.Create(codes[r] == returnCode ? ulong.MaxValue : 0, codes[r + 1] == returnCode ? ulong.MaxValue : 0);
            acc |= bits;
            if (r == last || valid.AsUInt64() != Vector128<ulong>.AllBitsSet) break;
        }
        return acc[0] | acc[1];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong Vector512Path(ReadOnlySpan<long> times, ReadOnlySpan<short> codes, int from, long cohortStart, long end, long length,
        double inverse, bool matchReturn, short returnCode)
    {
        const int w = 8;
        var start = Vector512.Create(cohortStart);
        var endV = Vector512.Create(end);
        var inv = Vector512.Create(inverse);
        var len = Vector512.Create((double)length);
        var magicBits = Vector512.Create(MagicBits);
        var magic = Vector512.Create(Magic);
        var acc = Vector512<ulong>.Zero;
        var last = times.Length - w;
        for (var r = from; ; r += w)
        {
            if (r > last) r = last;
            var t = Vector512.Create(times.Slice(r, w));
            var valid = Vector512.LessThan(t, endV);
            var x = (t - start).AsUInt64();
            var d = (x | magicBits.AsUInt64()).AsDouble() - magic;
            var q = Vector512.Floor(d * inv);
            var rest = d - q * len;
            q += (Vector512.GreaterThanOrEqual(rest, len).AsDouble() & Vector512<double>.One)
                 - (Vector512.LessThan(rest, Vector512<double>.Zero).AsDouble() & Vector512<double>.One);
            var k = (q + magic).AsUInt64() - magicBits.AsUInt64();
            var bits = (Avx512F.IsSupported
                ? Avx512F.ShiftLeftLogicalVariable(Vector512<ulong>.One, k)
                : Vector512.Create(ShiftLeft(Vector256<ulong>.One, k.GetLower()), ShiftLeft(Vector256<ulong>.One, k.GetUpper()))) & valid.AsUInt64();
            if (matchReturn)
            {
                var c = Vector128.Create(codes.Slice(r, w));
                var eq = Vector128.Equals(c, Vector128.Create(returnCode));
                var lo = Vector128.WidenLower(eq);
                var hi = Vector128.WidenUpper(eq);
                bits &= Vector512.Create(Vector256.Create(Vector128.WidenLower(lo), Vector128.WidenUpper(lo)),
                    Vector256.Create(Vector128.WidenLower(hi), Vector128.WidenUpper(hi))).AsUInt64();
            }
            acc |= bits;
            if (r == last || valid.AsUInt64() != Vector512<ulong>.AllBitsSet) break;
        }
        var half = acc.GetLower() | acc.GetUpper();
        return half[0] | half[1] | half[2] | half[3];
    }

    /// <summary>Each lane of <paramref name="value"/> shifted left by its own count (counts of 64 or more give 0 with AVX2;
    /// the lane-wise fallback masks them to 6 bits, but such lanes are always masked off by the caller).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> ShiftLeft(Vector256<ulong> value, Vector256<ulong> counts) => Avx2.IsSupported
        ? Avx2.ShiftLeftLogicalVariable(value, counts)
        : Vector256.Create(value[0] << (int)counts[0], value[1] << (int)counts[1], value[2] << (int)counts[2], value[3] << (int)counts[3]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> ShiftLeft(Vector128<ulong> value, Vector128<ulong> counts) => Avx2.IsSupported
        ? Avx2.ShiftLeftLogicalVariable(value, counts)
        : Vector128.Create(value[0] << (int)counts[0], value[1] << (int)counts[1]);
}
