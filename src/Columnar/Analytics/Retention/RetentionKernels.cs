using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Analytics.Retention;

/// <summary>The <see cref="Engine.Kernels"/> version of "on" retention: <see cref="RetentionKernel"/> folded over user ranges by each worker,
/// cohort tables summed exactly, then shaped like the SQL engine's result.</summary>
internal static class RetentionKernels
{
    /// <param name="scope">The resolved query.</param>
    /// <param name="definition">The retention options.</param>
    /// <param name="exactPath">Use the per-event path even where local time is monotone (tests compare the two paths).</param>
    public static RetentionResult Run(QueryScope scope, RetentionDefinition definition, bool exactPath = false)
    {
        var table = scope.Table;
        var empty = RetentionRunner.Shape(definition, scope.ZoneId, [], null);
        if (table.MinTime is not { } minTime || table.MaxTime is not { } dataMax) return empty;
        short? startCode = null, returnCode = null;
        if (definition.StartEvent is { } s)
        {
            var code = table.EventCode(s);
            if (code < 0) return empty;
            startCode = (short)code;
        }
        // An unknown return event matches no row: code -1 never occurs.
        if (definition.ReturnEvent is { } r) returnCode = (short)table.EventCode(r);

        var period = definition.Period;
        var periods = definition.ResolvedPeriods;
        var calendar = ZoneCalendar.Build(scope.Zone, minTime, dataMax);
        var firstPeriod = calendar.PeriodOf(minTime, period);
        var lastPeriod = calendar.PeriodOf(dataMax, period);
        var starts = calendar.Monotone && !exactPath ? calendar.PeriodStarts(period, firstPeriod, lastPeriod) : null;
        var plan = new RetentionPlan(period, periods, startCode, returnCode, calendar, firstPeriod, lastPeriod, starts);
        var path = Simd.Path;
        var partials = UserParallel.Fold(table.Offsets, scope.Threads, () => new RetentionPartial(plan.FirstPeriod, plan.Span), (into, start, end) =>
            RetentionKernel.Run(into, table.Times, table.EventCodes, table.Offsets, start, end, scope.FromMicros, scope.ToMicrosExclusive, plan, path));

        var maxTime = long.MinValue;
        var maxDay = int.MinValue;
        var merged = new SortedDictionary<int, long[]>();
        foreach (var p in partials)
        {
            maxTime = Math.Max(maxTime, p.MaxTime);
            maxDay = Math.Max(maxDay, p.MaxDay);
            foreach (var (cohort, row) in p.Rows())
            {
                if (!merged.TryGetValue(cohort, out var sum)) merged[cohort] = sum = new long[periods];
                for (var k = 0; k < periods; k++) sum[k] += row[k];
            }
        }
        if (merged.Count == 0) return empty;
        if (scope.FromMicros is null && scope.ToMicrosExclusive is null) maxTime = dataMax;
        var lastDay = starts is not null ? calendar.LocalDay(maxTime) : maxDay;
        var lastScoped = CivilDays.PeriodOf(lastDay, period);
        var cohorts = merged.Select(kv =>
        {
            var cells = new long?[periods];
            for (var k = 0; k < periods; k++) cells[k] = kv.Key + k > lastScoped ? null : kv.Value[k];
            return (Start: PeriodStart(kv.Key, period), Size: kv.Value[0], Cells: cells);
        }).ToArray();
        return RetentionRunner.Shape(definition, scope.ZoneId, cohorts, PeriodStart(lastScoped, period));
    }

    private static DateOnly PeriodStart(int p, CalendarPeriod period) => CivilDays.ToDate(CivilDays.FirstDay(p, period));
}
