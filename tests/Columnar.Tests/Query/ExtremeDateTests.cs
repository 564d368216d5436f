using Columnar.Analytics;
using Columnar.Analytics.Funnels;
using Columnar.Profiles;
using Columnar.Query;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Query;

/// <summary>
/// Date bounds anywhere in DateOnly's range, and events at the edges of the supported years 1000..9998, never overflow:
/// a bound beyond the data covers all of it.
/// </summary>
public class ExtremeDateTests
{
    private static readonly DateTime Earliest = new(1000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(9998, 12, 31, 23, 59, 59, DateTimeKind.Utc);

    // u1 views then buys in the first hour of year 1000 (UTC); u2 two hours before the end of year 9998.
    private static EventTable Edges() => new Journeys()
        .Roles(new EventRoles(View: "view", Purchase: "buy"))
        .Add("u1", Earliest, "view").Add("u1", Earliest.AddHours(1), "buy")
        .Add("u2", Latest.AddHours(-2), "view").Add("u2", Latest, "buy")
        .Build();

    private static long[] Users(FunnelResult r) => r.Steps.Select(s => s.Users).ToArray();

    [Theory]
    [InlineData(Engine.Kernels, "UTC")]
    [InlineData(Engine.Kernels, "Etc/GMT+12")]
    [InlineData(Engine.Kernels, "Pacific/Kiritimati")]
    [InlineData(Engine.DuckDb, "Etc/GMT+12")]
    [InlineData(Engine.DuckDb, "Pacific/Kiritimati")]
    public void TheWidestBoundsCoverAllData(Engine engine, string zone)
    {
        using var table = Edges();
        var q = table.Query().Using(engine).InTimeZone(zone);
        Assert.Equal([2L, 2], Users(q.Funnel("view", "buy").Run()));
        Assert.Equal([2L, 2], Users(q.Between(DateOnly.MinValue, DateOnly.MaxValue).Funnel("view", "buy").Run()));
        Assert.Equal([2L, 2], Users(q.Between(DateOnly.MinValue, null).Funnel("view", "buy").Run()));
        Assert.Equal([2L, 2], Users(q.Between(null, DateOnly.MaxValue).Funnel("view", "buy").Run()));
    }

    [Theory]
    [InlineData(Engine.Kernels)]
    [InlineData(Engine.DuckDb)]
    public void BoundsNearTheEdgesStillSplitByLocalDate(Engine engine)
    {
        using var table = Edges();
        // UTC−12: u1's events fall on local 0999-12-31, and nothing else does.
        var west = table.Query().Using(engine).InTimeZone("Etc/GMT+12");
        Assert.Equal([1L, 1], Users(west.Between(DateOnly.MinValue, new DateOnly(999, 12, 31)).Funnel("view", "buy").Run()));
        Assert.Equal([1L, 1], Users(west.Between(new DateOnly(1000, 1, 1), DateOnly.MaxValue).Funnel("view", "buy").Run()));
        // UTC+14: u2's events (9998-12-31 22:00 and 23:59:59 UTC) fall on local 9999-01-01.
        var east = table.Query().Using(engine).InTimeZone("Pacific/Kiritimati");
        Assert.Equal([1L, 1], Users(east.Between(new DateOnly(9999, 1, 1), DateOnly.MaxValue).Funnel("view", "buy").Run()));
        Assert.Equal([1L, 1], Users(east.Between(DateOnly.MinValue, new DateOnly(9998, 12, 31)).Funnel("view", "buy").Run()));
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Etc/GMT+12")]
    [InlineData("Pacific/Kiritimati")]
    public void AnalysesOfEdgeDataDoNotOverflow(string zone)
    {
        using var table = Edges();
        var q = table.Query().InTimeZone(zone);
        // Both users buy once; the default RFM reference is the day after the last local date (9999-01-01 or 9999-01-02).
        Assert.Equal(2, q.Rfm().Run().Purchasers);
        foreach (var period in new[] { CalendarPeriod.Day, CalendarPeriod.Week, CalendarPeriod.Month })
            Assert.Equal(2, q.Retention().By(period).Run().Cohorts.Sum(c => c.Size));
        var store = TagStore.Build(q, TagDefinition.Defaults(table));
        Assert.Equal(2, store.Population.Count);
        Assert.Equal(0, q.Retention().By(CalendarPeriod.Month).CohortUsers(DateOnly.MaxValue).Count);
        Assert.Equal(0, q.Retention().By(CalendarPeriod.Week).CohortUsers(DateOnly.MinValue).Count);
    }

    [Fact]
    public void AnAsOfOutsideTheSupportedYearsIsAnOptionError()
    {
        using var table = Edges();
        foreach (var asOf in new[] { DateTimeOffset.MinValue, new DateTimeOffset(999, 12, 31, 23, 59, 59, TimeSpan.Zero), new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), DateTimeOffset.MaxValue })
        {
            var ex = Assert.Throws<ColumnarException>(() => TagStore.Build(table.Query(), TagDefinition.Defaults(table), asOf));
            Assert.Equal(ErrorCodes.BadOption, ex.Code);
            Assert.Contains("outside the supported years 1000 to 9998", ex.Message);
        }
        var first = TagStore.Build(table.Query(), TagDefinition.Defaults(table), new DateTimeOffset(Earliest));
        Assert.Equal(new DateTimeOffset(Earliest), first.AsOf);
    }
}
