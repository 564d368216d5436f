using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>
/// Event-code kernels: count, mask and find the rows whose code satisfies an <see cref="ICodePredicate"/>. Each runs its vector
/// loop at the width <see cref="Simd.Fit"/> picks and finishes with one overlapping vector over the last elements, whose lanes
/// already seen are shifted out (count) or rewritten with the same bits (mask); the scalar loop is the oracle.
/// </summary>
internal static class CodeMatch
{
    /// <summary>The number of codes equal to <paramref name="code"/>.</summary>
    public static int CountEquals(ReadOnlySpan<short> codes, short code) => Count(codes, new CodeEquals(code), Simd.Path);

    /// <summary>The index of the first code equal to <paramref name="code"/>, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<short> codes, short code) => IndexOf(codes, new CodeEquals(code), Simd.Path);

    /// <summary>Sets bit i of <paramref name="bits"/> (at least <see cref="Bits.Words"/>(length) words) iff codes[i] == code, clearing the rest.</summary>
    public static void MatchMask(ReadOnlySpan<short> codes, short code, Span<ulong> bits) => Mask(codes, new CodeEquals(code), bits, Simd.Path);

    /// <summary>The number of codes satisfying <paramref name="predicate"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Count<T>(ReadOnlySpan<short> codes, T predicate, SimdPath path) where T : struct, ICodePredicate
    {
        ref var r = ref MemoryMarshal.GetReference(codes);
        var n = codes.Length;
        var count = 0;
        int i = 0, w;
        switch (Simd.Fit(path, n, Vector128<short>.Count))
        {
            case SimdPath.V512:
                w = Vector512<short>.Count;
                for (; i <= n - w; i += w)
                    count += BitOperations.PopCount(predicate.Invoke(Vector512.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits());
                if (i < n)
                    count += BitOperations.PopCount(predicate.Invoke(Vector512.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits() >> (w - (n - i)));
                return count;
            case SimdPath.V256:
                w = Vector256<short>.Count;
                for (; i <= n - w; i += w)
                    count += BitOperations.PopCount(predicate.Invoke(Vector256.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits());
                if (i < n)
                    count += BitOperations.PopCount(predicate.Invoke(Vector256.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits() >> (w - (n - i)));
                return count;
            case SimdPath.V128:
                w = Vector128<short>.Count;
                for (; i <= n - w; i += w)
                    count += BitOperations.PopCount(predicate.Invoke(Vector128.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits());
                if (i < n)
                    count += BitOperations.PopCount(predicate.Invoke(Vector128.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits() >> (w - (n - i)));
                return count;
            default:
                for (; i < n; i++) count += predicate.Invoke(Unsafe.Add(ref r, i)) ? 1 : 0;
                return count;
        }
    }

    /// <summary>The index of the first code satisfying <paramref name="predicate"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf<T>(ReadOnlySpan<short> codes, T predicate, SimdPath path) where T : struct, ICodePredicate
    {
        ref var r = ref MemoryMarshal.GetReference(codes);
        var n = codes.Length;
        int i = 0, w;
        ulong m;
        switch (Simd.Fit(path, n, Vector128<short>.Count))
        {
            case SimdPath.V512:
                w = Vector512<short>.Count;
                for (; i <= n - w; i += w)
                    if ((m = predicate.Invoke(Vector512.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits()) != 0)
                        return i + BitOperations.TrailingZeroCount(m);
                // The lanes the tail re-reads already failed, so its first set bit is the answer.
                if (i < n && (m = predicate.Invoke(Vector512.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits()) != 0)
                    return n - w + BitOperations.TrailingZeroCount(m);
                return -1;
            case SimdPath.V256:
                w = Vector256<short>.Count;
                for (; i <= n - w; i += w)
                    if ((m = predicate.Invoke(Vector256.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits()) != 0)
                        return i + BitOperations.TrailingZeroCount(m);
                if (i < n && (m = predicate.Invoke(Vector256.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits()) != 0)
                    return n - w + BitOperations.TrailingZeroCount(m);
                return -1;
            case SimdPath.V128:
                w = Vector128<short>.Count;
                for (; i <= n - w; i += w)
                    if ((m = predicate.Invoke(Vector128.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits()) != 0)
                        return i + BitOperations.TrailingZeroCount(m);
                if (i < n && (m = predicate.Invoke(Vector128.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits()) != 0)
                    return n - w + BitOperations.TrailingZeroCount(m);
                return -1;
            default:
                for (; i < n; i++)
                    if (predicate.Invoke(Unsafe.Add(ref r, i))) return i;
                return -1;
        }
    }

    /// <summary>Sets bit i of <paramref name="bits"/> iff codes[i] satisfies <paramref name="predicate"/>; clears every other bit of the first
    /// <see cref="Bits.Words"/>(length) words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mask<T>(ReadOnlySpan<short> codes, T predicate, Span<ulong> bits, SimdPath path) where T : struct, ICodePredicate
    {
        ref var r = ref MemoryMarshal.GetReference(codes);
        var n = codes.Length;
        bits[..Bits.Words(n)].Clear();
        int i = 0, w;
        switch (Simd.Fit(path, n, Vector128<short>.Count))
        {
            case SimdPath.V512:
                w = Vector512<short>.Count;
                for (; i <= n - w; i += w) Bits.Or(bits, i, predicate.Invoke(Vector512.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits());
                if (i < n) Bits.Or(bits, n - w, predicate.Invoke(Vector512.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits());
                return;
            case SimdPath.V256:
                w = Vector256<short>.Count;
                for (; i <= n - w; i += w) Bits.Or(bits, i, predicate.Invoke(Vector256.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits());
                if (i < n) Bits.Or(bits, n - w, predicate.Invoke(Vector256.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits());
                return;
            case SimdPath.V128:
                w = Vector128<short>.Count;
                for (; i <= n - w; i += w) Bits.Or(bits, i, predicate.Invoke(Vector128.LoadUnsafe(ref r, (nuint)i)).ExtractMostSignificantBits());
                if (i < n) Bits.Or(bits, n - w, predicate.Invoke(Vector128.LoadUnsafe(ref r, (nuint)(n - w))).ExtractMostSignificantBits());
                return;
            default:
                for (; i < n; i++)
                    if (predicate.Invoke(Unsafe.Add(ref r, i))) bits[i >> 6] |= 1UL << (i & 63);
                return;
        }
    }
}
