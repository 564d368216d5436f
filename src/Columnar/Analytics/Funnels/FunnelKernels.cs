using System.Runtime.CompilerServices;
using Apache.Arrow;
using Columnar.Kernels;
using Columnar.Query;
using Columnar.Storage;

namespace Columnar.Analytics.Funnels;

/// <summary>
/// The <see cref="Engine.Kernels"/> funnel: <see cref="FunnelKernel"/> over user ranges in parallel, then per-range counts
/// by (breakdown key, deepest step) merged in range order and labelled as the SQL engine labels them.
/// </summary>
internal static class FunnelKernels
{
    /// <summary>One range's users by breakdown key and deepest step (index 1..k); <c>None</c> holds users without a value.</summary>
    private sealed class Partial(int k)
    {
        public readonly long[] None = new long[k + 1];
        public readonly Dictionary<long, long[]> ByKey = [];

        /// <summary>String breakdowns: counts at [(code + 1)·(k + 1) + depth], code −1 (slot 0) for users without a value.</summary>
        public long[]? Dense;

        public long[] Row(long key) => ByKey.TryGetValue(key, out var row) ? row : ByKey[key] = new long[None.Length];
    }

    public static FunnelResult Run(QueryScope scope, FunnelDefinition definition, FunnelPlan plan, int threads)
    {
        // Row filters and user sets reach the kernel as a subset table with the same users and dictionaries.
        using var subset = scope.Filters.Count > 0 || scope.Users is not null ? scope.Table.Subset(scope.Mask, scope.Users) : null;
        var table = subset ?? scope.Table;
        var pattern = new FunnelPattern(plan.Steps, table.EventCode, table.EventNames.Count, plan.WindowMicros, plan.Purchase,
            scope.FromMicros, scope.ToMicrosExclusive);
        var breakdown = plan.Breakdown is { } b ? table.Property(b.Name) : null;
        var order = plan.Order is { } o ? table.Property(o.Name) : null;
        var k = plan.Steps.Count;

        // Fully optimised from the first call: under tiered compilation a service's first funnels ran as unoptimised code
        // (1M events: 9.7 ms after 5 calls, 2.3 ms optimised), and promotion waits for the process to stop compiling.
        var partials = UserParallel.Map(table.Offsets, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (userStart, userEnd) =>
        {
            var n = userEnd - userStart;
            var scratch = FunnelScratch.Current;
            // Per-thread buffers: at 100M events a query has ~1,500 ranges, and fresh arrays per range were 15 MB of garbage.
            if (scratch.Depth.Length < n)
            {
                scratch.Depth = new int[Math.Max(n, 2 * scratch.Depth.Length)];
                scratch.Start = new int[scratch.Depth.Length];
            }
            var depth = scratch.Depth.AsSpan(0, n);
            var start = scratch.Start.AsSpan(0, n);
            if (order is null)
                FunnelKernel.Match(pattern, table.Offsets, table.Times, table.EventCodes, new NoOrderKeys(), userStart, userEnd, depth, start, scratch);
            else
                FunnelKernel.Match(pattern, table.Offsets, table.Times, table.EventCodes, new ColumnOrderKeys(order), userStart, userEnd, depth, start, scratch);

            var partial = new Partial(k);
            if (breakdown is null)
            {
                foreach (var d in depth) partial.None[d]++;
            }
            else if (breakdown.Type == PropertyType.String)
            {
                // Dense counts by dictionary code (row 0 = no value), read straight from the index and validity buffers.
                var codes = breakdown.Codes;
                var validity = Validity(breakdown.Data);
                var dense = partial.Dense = new long[(breakdown.DictionaryValues.Length + 1) * (k + 1)];
                for (var i = 0; i < n; i++)
                {
                    var d = depth[i];
                    if (d == 0) continue;
                    var row = start[i];
                    var slot = validity.IsEmpty || (validity[row >> 3] >> (row & 7) & 1) != 0 ? codes[row] + 1 : 0;
                    dense[slot * (k + 1) + d]++;
                }
            }
            else
            {
                // Other types are keyed by the attributed row and labelled after the merge; equal labels merge in Shape.
                for (var i = 0; i < n; i++)
                    if (depth[i] > 0)
                        (breakdown.IsNull(start[i]) ? partial.None : partial.Row(start[i]))[depth[i]]++;
            }
            return partial;
        });

        var none = new long[k + 1];
        var byKey = new Dictionary<long, long[]>();
        foreach (var p in partials)
        {
            if (p.Dense is { } dense)
            {
                for (var d = 1; d <= k; d++) none[d] += dense[d];
                for (var slot = 1; slot * (k + 1) < dense.Length; slot++)
                {
                    var any = false;
                    for (var d = 1; d <= k; d++) any |= dense[slot * (k + 1) + d] != 0;
                    if (!any) continue;
                    var key = slot - 1L;
                    if (!byKey.TryGetValue(key, out var total)) byKey[key] = total = new long[k + 1];
                    for (var d = 1; d <= k; d++) total[d] += dense[slot * (k + 1) + d];
                }
            }
            for (var d = 1; d <= k; d++) none[d] += p.None[d];
            foreach (var (key, row) in p.ByKey)
            {
                if (!byKey.TryGetValue(key, out var total)) byKey[key] = total = new long[k + 1];
                for (var d = 1; d <= k; d++) total[d] += row[d];
            }
        }

        var depths = new List<(string?, int, long)>();
        for (var d = 1; d <= k; d++)
            if (none[d] > 0) depths.Add((null, d, none[d]));
        foreach (var (key, row) in byKey)
        {
            var label = breakdown!.Type == PropertyType.String
                ? breakdown.DictionaryValues.GetString((int)key)
                : BreakdownText.Format(breakdown, (int)key);
            for (var d = 1; d <= k; d++)
                if (row[d] > 0) depths.Add((label, d, row[d]));
        }
        return FunnelRunner.Shape(definition, plan, depths);
    }

    /// <summary>The validity bitmap of an array as bytes indexed by row (bit row &amp; 7 of byte row &gt;&gt; 3), or empty when no row is null.</summary>
    private static ReadOnlySpan<byte> Validity(IArrowArray data)
    {
        if (data.NullCount == 0) return default;
        // A sliced array's bits start at its offset; dropping whole bytes leaves a bit shift, so only byte-aligned offsets
        // (all arrays this library builds start at 0) take the fast path.
        if (data.Offset % 8 != 0) throw new NotSupportedException("a property array sliced at a non-byte offset");
        return data.Data.Buffers[0].Span[(data.Offset / 8)..];
    }

    /// <summary>Order ids of any property type as 128-bit keys; equal keys exactly when DuckDB's partition treats the values as equal.</summary>
    private readonly ref struct ColumnOrderKeys(PropertyColumn column) : IOrderKeys
    {
        private readonly IArrowArray _data = column.Data;
        private readonly PropertyType _type = column.Type;

        public bool TryGet(int row, out Int128 key)
        {
            key = default;
            if (_data.IsNull(row)) return false;
            key = _type switch
            {
                PropertyType.String => ((Int32Array)((DictionaryArray)_data).Indices).Values[row],
                PropertyType.Int64 => ((Int64Array)_data).Values[row],
                PropertyType.Timestamp => ((TimestampArray)_data).Values[row],
                PropertyType.Bool => ((BooleanArray)_data).GetValue(row)!.Value ? 1 : 0,
                // DuckDB groups -0.0 with 0.0 and every NaN together.
                PropertyType.Double => ((DoubleArray)_data).Values[row] is var v && double.IsNaN(v) ? long.MaxValue
                    : BitConverter.DoubleToInt64Bits(v == 0 ? 0.0 : v),
                PropertyType.Decimal => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Int128>(((Decimal128Array)_data).ValueBuffer.Span)[_data.Offset + row],
                _ => throw new InvalidOperationException($"unknown property type {_type}"),
            };
            return true;
        }
    }
}
