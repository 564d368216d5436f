using Columnar.Analytics;
using Columnar.Analytics.Funnels;
using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Kernels;
using Columnar.Storage;
using Columnar.Time;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>The users behind an analysis, as a <see cref="UserSet"/>: funnel steps, retention cohorts, RFM segments.</summary>
public static class AnalysisUsers
{
    /// <summary>Users whose deepest step (DESIGN §4 semantics, over the query's scope and filters) is at least <paramref name="step"/> (1-based): n_k's users.</summary>
    /// <exception cref="ColumnarException">ANA0001 when <paramref name="step"/> is outside 1..n.</exception>
    public static UserSet UsersReaching(this FunnelQuery funnel, int step) => ByDepth(funnel, step, d => d >= step);

    /// <summary>Users whose deepest step is exactly <paramref name="step"/> (they reached it and dropped before step + 1).</summary>
    public static UserSet UsersDroppingAfter(this FunnelQuery funnel, int step) => ByDepth(funnel, step, d => d == step);

    private static UserSet ByDepth(FunnelQuery funnel, int step, Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(funnel);
        var steps = funnel.Definition.Steps;
        if (step < 1 || step > steps.Count) throw new ColumnarException(ErrorCodes.BadOption, $"step {step} is outside 1..{steps.Count}");
        var ctx = ProfileContext.Create(funnel.Source, null);
        var depth = new FunnelDepth(ctx, steps, funnel.Definition.Window);
        return Collect(ctx, () => depth.NewScratch(), (u, sc) => keep(depth.Depth(u, sc)));
    }

    /// <summary>
    /// The members of the retention cohort whose period starts on <paramref name="cohortStart"/> (a local date; for weeks a
    /// Monday, for months the 1st): users whose first start event in scope falls in that period.
    /// </summary>
    public static UserSet CohortUsers(this RetentionQuery retention, DateOnly cohortStart)
    {
        ArgumentNullException.ThrowIfNull(retention);
        var ctx = ProfileContext.Create(retention.Source, null);
        var period = retention.Definition.Period;
        // Past the last supported date every period is empty (StartOf clamps), and adding to DateOnly.MaxValue would throw.
        var next = cohortStart >= TimeZones.MaxBoundDate ? cohortStart
            : period switch { CalendarPeriod.Day => cohortStart.AddDays(1), CalendarPeriod.Week => cohortStart.AddDays(7), _ => cohortStart.AddMonths(1) };
        long lo = ctx.StartOf(cohortStart), hi = ctx.StartOf(next);
        var code = retention.Definition.StartEvent is { } name ? ctx.Table.EventCode(name) : -1;
        if (retention.Definition.StartEvent is not null && code < 0) return UserSet.Empty(ctx.Table);
        return Collect(ctx, () => 0, (u, _) =>
        {
            var (s, e) = ctx.Rows(u);
            var codes = ctx.Table.EventCodes;
            for (var r = s; r < e; r++)
                if (code < 0 || codes[r] == code)
                {
                    var t = ctx.Table.Times[r];
                    return t >= lo && t < hi;
                }
            return false;
        });
    }

    /// <summary>The purchasers of one RFM segment (key such as <c>important_value</c>) of <paramref name="result"/>, on <paramref name="table"/>.</summary>
    /// <exception cref="ColumnarException">ANA0001 for an unknown key.</exception>
    public static UserSet SegmentUsers(this RfmResult result, EventTable table, string segmentKey)
    {
        ArgumentNullException.ThrowIfNull(result);
        return UserSet.FromUserIds(table, result.UsersIn(segmentKey).Select(u => u.UserId));
    }

    private static UserSet Collect<TScratch>(ProfileContext ctx, Func<TScratch> scratch, Func<int, TScratch, bool> keep)
    {
        var parts = UserParallel.Map(ctx.Table.Offsets, UserParallel.DefaultThreads, (start, end) =>
        {
            var sc = scratch();
            var list = new List<uint>();
            for (var u = start; u < end; u++)
                if (ctx.InScope(u) && keep(u, sc)) list.Add((uint)u);
            return list;
        });
        var bm = new Roaring32Bitmap();
        foreach (var p in parts) bm.AddMany(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(p));
        bm.Optimize();
        return new UserSet(ctx.Table, bm);
    }
}
