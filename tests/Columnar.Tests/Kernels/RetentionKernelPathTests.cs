using Columnar.Analytics;
using Columnar.Analytics.Retention;
using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Tests.Kernels;

/// <summary>
/// The retention kernel's three ways through the same data: equal-length periods with one activity mask per user (at most 64
/// columns), the forward scan (more columns, or unequal periods) and the exact per-event path, against the SQL oracle, around
/// the 64-column edge, under every SIMD path.
/// </summary>
public class RetentionKernelPathTests
{
    [Theory]
    [InlineData("UTC", CalendarPeriod.Day)]
    [InlineData("Asia/Kolkata", CalendarPeriod.Day)]
    [InlineData("UTC", CalendarPeriod.Week)]
    [InlineData("Europe/Berlin", CalendarPeriod.Day)]
    public void MaskScanAndExactPathsAgreeWithSql(string zone, CalendarPeriod period)
    {
        foreach (var seed in new[] { 3, 17 })
        {
            var events = RandomJourneys.Generate(seed, 30);
            using var table = RandomJourneys.Build(events, "UTC");
            var query = table.Query().InTimeZone(zone);
            foreach (var periods in new[] { 2, 63, 64, 65, 70 })
            foreach (var (start, ret) in new[] { ((string?)null, (string?)null), ("view", "buy") })
            {
                var definition = new RetentionDefinition(period, periods, start, ret);
                var sql = query.Using(Engine.DuckDb).Retention().By(period).Periods(periods).StartWith(start).ReturnWith(ret).Run();
                foreach (var path in Simd.All)
                {
                    using var forced = Simd.Force(path);
                    KernelAssert.Same(sql, query.Using(Engine.Kernels).Retention().By(period).Periods(periods).StartWith(start).ReturnWith(ret).Run());
                }
                KernelAssert.Same(sql, RetentionKernels.Run(query.Using(Engine.Kernels).Resolve(), definition, exactPath: true));
            }
        }
    }
}
