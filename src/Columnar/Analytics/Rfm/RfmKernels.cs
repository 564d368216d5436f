using System.Runtime.CompilerServices;
using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Analytics.Rfm;

/// <summary>
/// The <see cref="Engine.Kernels"/> version of RFM: the reference day from the latest scoped event, <see cref="RfmKernel"/> over
/// user ranges in parallel, then <see cref="RankScores"/> and the exact segment comparisons, shaped like the SQL engine's result.
/// </summary>
internal static class RfmKernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RfmResult Run(QueryScope scope, RfmDefinition definition)
    {
        var table = scope.Table;
        var path = Simd.Path;
        var calendar = ZoneCalendar.Build(scope.Zone, table.MinTime ?? 0, table.MaxTime ?? 0);
        int? referenceDay = definition.ReferenceDate is { } asOf ? CivilDays.FromDate(asOf) : LastLocalDay(scope, calendar) + 1;
        if (referenceDay is not { } refDay) return RfmRunner.Shape(scope, definition, null, RfmRunner.NoRows);
        var reference = CivilDays.ToDate(refDay);
        var purchase = table.EventCode(definition.PurchaseEvent!);
        if (purchase < 0) return RfmRunner.Shape(scope, definition, reference, RfmRunner.NoRows);

        var amount = definition.AmountColumn is { } a ? table.Property(a)! : null;
        var order = definition.OrderColumn is { } o ? table.Property(o)! : null;
        var partials = UserParallel.Map(table.Offsets, scope.Threads, (start, end) =>
            RfmKernel.Run(table.Times, table.EventCodes, table.Offsets, start, end, scope.FromMicros, scope.ToMicrosExclusive,
                (short)purchase, calendar, refDay,
                amount is null ? default : new RfmColumn(amount), amount is not null,
                order is null ? default : new RfmColumn(order), order is not null, path));

        var n = partials.Sum(p => p.Users.Count);
        var users = new int[n];
        var r = new long[n];
        var f = new long[n];
        var m = new Int128[n];
        var at = 0;
        foreach (var p in partials)
        {
            for (var i = 0; i < p.Users.Count; i++, at++)
            {
                users[at] = p.Users[i];
                r[at] = refDay - p.LastDays[i];
                f[at] = p.Frequency[i];
                m[at] = p.Monetary[i];
            }
        }
        var rScores = new int[n];
        var fScores = new int[n];
        var mScores = new int[n];
        // The per-user steps after the fold are linear but were serial; over 2M users they cost as much as the fold, so the
        // three scorings run side by side and the per-user loops in chunks. Exact integer sums make the order irrelevant.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, scope.Threads) };
        Parallel.Invoke(parallel,
            () => RankScores.Score(r, descending: true, rScores),
            () => RankScores.Score(f, descending: false, fScores),
            () => RankScores.Score(m, descending: false, mScores));
        const int chunk = 1 << 16;
        var chunks = (n + chunk - 1) / chunk;
        var sums = new (Int128 R, Int128 F, Int128 M)[chunks];
        Parallel.For(0, chunks, parallel, c =>
        {
            Int128 sr = 0, sf = 0, sm = 0;
            for (var i = c * chunk; i < Math.Min(n, (c + 1) * chunk); i++)
            {
                sr += r[i];
                sf += f[i];
                sm += m[i];
            }
            sums[c] = (sr, sf, sm);
        });
        Int128 sumR = 0, sumF = 0, sumM = 0;
        foreach (var (sr, sf, sm) in sums)
        {
            sumR += sr;
            sumF += sf;
            sumM += sm;
        }
        var scale = (byte)definition.MonetaryScale(table);
        var segments = new byte[n];
        var money = new decimal[n];
        try
        {
            Parallel.For(0, chunks, parallel, Segment);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // A value past the decimal range surfaces as the ColumnarException a serial loop would throw.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        void Segment(int c)
        {
            for (var i = c * chunk; i < Math.Min(n, (c + 1) * chunk); i++)
            {
                segments[i] = (byte)((n * (Int128)r[i] < sumR ? 4 : 0) | (n * (Int128)f[i] > sumF ? 2 : 0) | (n * m[i] > sumM ? 1 : 0));
                money[i] = ToDecimal(m[i], scale);
            }
        }
        // Ids as text only when a row is read: the segment table does not need them.
        var rows = new RfmRows(i => table.GetUserIdText(users[i]), r, f, money, rScores, fScores, mScores, segments);
        return RfmRunner.Shape(scope, definition, reference, rows);
    }

    /// <summary>The latest local day of any scoped event, or null when the scope is empty.</summary>
    private static int? LastLocalDay(QueryScope scope, ZoneCalendar calendar)
    {
        var table = scope.Table;
        long? from = scope.FromMicros, to = scope.ToMicrosExclusive;
        if (calendar.Monotone)
        {
            var max = from is null && to is null
                ? table.MaxTime ?? long.MinValue
                : UserParallel.Map(table.Offsets, scope.Threads, (s, e) => ScopedRuns.MaxTime(table.Times, table.Offsets, s, e, from, to))
                    .DefaultIfEmpty(long.MinValue).Max();
            return max == long.MinValue ? null : calendar.LocalDay(max);
        }
        var day = UserParallel.Map(table.Offsets, scope.Threads, (s, e) => ScopedRuns.MaxLocalDay(table.Times, table.Offsets, s, e, from, to, calendar))
            .DefaultIfEmpty(int.MinValue).Max();
        return day == int.MinValue ? null : day;
    }

    /// <summary>
    /// An unscaled value at <paramref name="scale"/> as a decimal without trailing zeros (349.9, not 349.90), as DuckDB.NET hands
    /// decimals back; throws when it exceeds the 96-bit decimal range (as reading DuckDB's would).
    /// </summary>
    private static decimal ToDecimal(Int128 raw, byte scale)
    {
        // Amounts fit 64 bits nearly always, where dividing by 10 is a multiplication rather than a 128-bit division.
        if (raw >= long.MinValue && raw <= long.MaxValue)
        {
            var small = (long)raw;
            while (scale > 0 && small % 10 == 0)
            {
                small /= 10;
                scale--;
            }
            var bits = small < 0 ? 0UL - (ulong)small : (ulong)small;
            return new decimal((int)(uint)bits, (int)(uint)(bits >> 32), 0, small < 0, scale);
        }
        while (scale > 0 && raw % 10 == 0)
        {
            raw /= 10;
            scale--;
        }
        var negative = raw < 0;
        var magnitude = (UInt128)(negative ? -raw : raw);
        if (magnitude >> 96 != 0) throw new ColumnarException(ErrorCodes.EngineError, $"RFM M {raw} at scale {scale} exceeds the decimal range");
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), (int)(uint)(magnitude >> 64), negative, scale);
    }
}
