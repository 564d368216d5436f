using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Columnar.Kernels;

/// <summary>An associative, commutative reduction of int64 values with an identity, at every width.</summary>
internal interface IAggregationOperator
{
    long Identity { get; }
    long Invoke(long a, long b);
    Vector128<long> Invoke(Vector128<long> a, Vector128<long> b);
    Vector256<long> Invoke(Vector256<long> a, Vector256<long> b);
    Vector512<long> Invoke(Vector512<long> a, Vector512<long> b);
}

/// <summary>Wrapping int64 sum (callers keep sums in range; µs durations of one table cannot overflow).</summary>
internal readonly struct SumOperator : IAggregationOperator
{
    public long Identity => 0;
    public long Invoke(long a, long b) => a + b;
    public Vector128<long> Invoke(Vector128<long> a, Vector128<long> b) => a + b;
    public Vector256<long> Invoke(Vector256<long> a, Vector256<long> b) => a + b;
    public Vector512<long> Invoke(Vector512<long> a, Vector512<long> b) => a + b;
}

/// <summary>Minimum; the identity is <see cref="long.MaxValue"/>.</summary>
internal readonly struct MinOperator : IAggregationOperator
{
    public long Identity => long.MaxValue;
    public long Invoke(long a, long b) => Math.Min(a, b);
    public Vector128<long> Invoke(Vector128<long> a, Vector128<long> b) => Vector128.Min(a, b);
    public Vector256<long> Invoke(Vector256<long> a, Vector256<long> b) => Vector256.Min(a, b);
    public Vector512<long> Invoke(Vector512<long> a, Vector512<long> b) => Vector512.Min(a, b);
}

/// <summary>Maximum; the identity is <see cref="long.MinValue"/>.</summary>
internal readonly struct MaxOperator : IAggregationOperator
{
    public long Identity => long.MinValue;
    public long Invoke(long a, long b) => Math.Max(a, b);
    public Vector128<long> Invoke(Vector128<long> a, Vector128<long> b) => Vector128.Max(a, b);
    public Vector256<long> Invoke(Vector256<long> a, Vector256<long> b) => Vector256.Max(a, b);
    public Vector512<long> Invoke(Vector512<long> a, Vector512<long> b) => Vector512.Max(a, b);
}

/// <summary>
/// The reduction driver: a vector accumulator at the width <see cref="Simd.Fit"/> picks, then one overlapping tail vector whose
/// lanes already reduced are replaced by the identity (a masked tail, so sums stay exact), then a fold of the lanes.
/// </summary>
internal static class Aggregation
{
    /// <summary>The sum of <paramref name="values"/> (0 when empty).</summary>
    public static long Sum(ReadOnlySpan<long> values) => Aggregate(values, default(SumOperator), Simd.Path);

    /// <summary>The minimum of <paramref name="values"/> (<see cref="long.MaxValue"/> when empty).</summary>
    public static long Min(ReadOnlySpan<long> values) => Aggregate(values, default(MinOperator), Simd.Path);

    /// <summary>The maximum of <paramref name="values"/> (<see cref="long.MinValue"/> when empty).</summary>
    public static long Max(ReadOnlySpan<long> values) => Aggregate(values, default(MaxOperator), Simd.Path);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Aggregate<TOp>(ReadOnlySpan<long> values, TOp op, SimdPath path) where TOp : struct, IAggregationOperator
    {
        ref var r = ref MemoryMarshal.GetReference(values);
        var n = values.Length;
        int i = 0, w;
        var result = op.Identity;
        switch (Simd.Fit(path, n, Vector128<long>.Count))
        {
            case SimdPath.V512:
            {
                w = Vector512<long>.Count;
                var identity = Vector512.Create(op.Identity);
                var acc = identity;
                for (; i <= n - w; i += w) acc = op.Invoke(acc, Vector512.LoadUnsafe(ref r, (nuint)i));
                if (i < n)
                {
                    var keep = Vector512.GreaterThanOrEqual(Vector512<long>.Indices, Vector512.Create((long)(w - (n - i))));
                    acc = op.Invoke(acc, Vector512.ConditionalSelect(keep, Vector512.LoadUnsafe(ref r, (nuint)(n - w)), identity));
                }
                for (var k = 0; k < w; k++) result = op.Invoke(result, acc.GetElement(k));
                return result;
            }
            case SimdPath.V256:
            {
                w = Vector256<long>.Count;
                var identity = Vector256.Create(op.Identity);
                var acc = identity;
                for (; i <= n - w; i += w) acc = op.Invoke(acc, Vector256.LoadUnsafe(ref r, (nuint)i));
                if (i < n)
                {
                    var keep = Vector256.GreaterThanOrEqual(Vector256<long>.Indices, Vector256.Create((long)(w - (n - i))));
                    acc = op.Invoke(acc, Vector256.ConditionalSelect(keep, Vector256.LoadUnsafe(ref r, (nuint)(n - w)), identity));
                }
                for (var k = 0; k < w; k++) result = op.Invoke(result, acc.GetElement(k));
                return result;
            }
            case SimdPath.V128:
            {
                w = Vector128<long>.Count;
                var identity = Vector128.Create(op.Identity);
                var acc = identity;
                for (; i <= n - w; i += w) acc = op.Invoke(acc, Vector128.LoadUnsafe(ref r, (nuint)i));
                if (i < n)
                {
                    var keep = Vector128.GreaterThanOrEqual(Vector128<long>.Indices, Vector128.Create((long)(w - (n - i))));
                    acc = op.Invoke(acc, Vector128.ConditionalSelect(keep, Vector128.LoadUnsafe(ref r, (nuint)(n - w)), identity));
                }
                for (var k = 0; k < w; k++) result = op.Invoke(result, acc.GetElement(k));
                return result;
            }
            default:
                for (; i < n; i++) result = op.Invoke(result, Unsafe.Add(ref r, i));
                return result;
        }
    }
}
