namespace Columnar.Kernels;

/// <summary>
/// Per-segment reductions over an offset index: segment s is <c>values[offsets[s]..offsets[s+1])</c>, so
/// <c>offsets</c> has one entry more than the destination. Users (the table's offset index) and sessions
/// (session starts plus the end) are segments.
/// </summary>
internal static class Segmented
{
    /// <summary>destination[s] = the number of rows of segment s.</summary>
    public static void Count(ReadOnlySpan<int> offsets, Span<long> destination)
    {
        var segments = Segments(offsets, destination);
        for (var s = 0; s < segments; s++) destination[s] = offsets[s + 1] - offsets[s];
    }

    /// <summary>destination[s] = the sum of segment s (0 when empty).</summary>
    public static void Sum(ReadOnlySpan<long> values, ReadOnlySpan<int> offsets, Span<long> destination, SimdPath path) =>
        Reduce(values, offsets, destination, default(SumOperator), path);

    /// <summary>destination[s] = the minimum of segment s (<see cref="long.MaxValue"/> when empty).</summary>
    public static void Min(ReadOnlySpan<long> values, ReadOnlySpan<int> offsets, Span<long> destination, SimdPath path) =>
        Reduce(values, offsets, destination, default(MinOperator), path);

    /// <summary>destination[s] = the maximum of segment s (<see cref="long.MinValue"/> when empty).</summary>
    public static void Max(ReadOnlySpan<long> values, ReadOnlySpan<int> offsets, Span<long> destination, SimdPath path) =>
        Reduce(values, offsets, destination, default(MaxOperator), path);

    /// <summary>destination[s] = the first value of segment s, which must not be empty.</summary>
    public static void First(ReadOnlySpan<long> values, ReadOnlySpan<int> offsets, Span<long> destination)
    {
        var segments = Segments(offsets, destination);
        for (var s = 0; s < segments; s++) destination[s] = values[NonEmpty(offsets, s)];
    }

    /// <summary>destination[s] = the last value of segment s, which must not be empty.</summary>
    public static void Last(ReadOnlySpan<long> values, ReadOnlySpan<int> offsets, Span<long> destination)
    {
        var segments = Segments(offsets, destination);
        for (var s = 0; s < segments; s++)
        {
            NonEmpty(offsets, s);
            destination[s] = values[offsets[s + 1] - 1];
        }
    }

    private static void Reduce<TOp>(ReadOnlySpan<long> values, ReadOnlySpan<int> offsets, Span<long> destination, TOp op, SimdPath path)
        where TOp : struct, IAggregationOperator
    {
        var segments = Segments(offsets, destination);
        for (var s = 0; s < segments; s++)
            destination[s] = Aggregation.Aggregate(values[offsets[s]..offsets[s + 1]], op, path);
    }

    private static int Segments(ReadOnlySpan<int> offsets, Span<long> destination)
    {
        var segments = Math.Max(0, offsets.Length - 1);
        if (destination.Length < segments) throw new ArgumentException("the destination is shorter than the number of segments", nameof(destination));
        return segments;
    }

    private static int NonEmpty(ReadOnlySpan<int> offsets, int s) => offsets[s] < offsets[s + 1]
        ? offsets[s]
        : throw new ArgumentException($"segment {s} is empty, so it has no first or last value", nameof(offsets));
}
