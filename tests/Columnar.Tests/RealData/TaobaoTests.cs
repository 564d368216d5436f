using Columnar.Query;
using Columnar.Ingest;
using Columnar.Tests.TestKit;
using Xunit.Abstractions;

namespace Columnar.Tests.RealData;

public sealed class TaobaoFixture() : DatasetFixture(RawRows.TaobaoFile, Preset.Taobao, RawRows.Taobao);

/// <summary>The Taobao UserBehavior user slice: the engine's analyses equal the naive references over independently parsed rows.</summary>
public class TaobaoTests(TaobaoFixture data, ITestOutputHelper output) : IClassFixture<TaobaoFixture>
{
    private static readonly DateOnly From = new(2017, 11, 25), To = new(2017, 12, 3);

    [Fact]
    public void FiguresMatchTheReadme()
    {
        // README: 84,475 rows, 815 users, 2017-11-25..12-03 Beijing time plus 35 rows outside that window.
        Assert.Equal(84_475, data.Rows.Count);
        Assert.Equal(815, data.Rows.Select(r => r.User).Distinct().Count());
        var inside = RawRows.Between(data.Rows, "Asia/Shanghai", From, To);
        Assert.Equal(35, data.Rows.Count - inside.Count);
        Assert.Equal("Asia/Shanghai", data.Table.TimeZone);
        RealDataAssert.SameShape(data.Table, data.Rows, output);
        output.WriteLine($"outside {From:yyyy-MM-dd}..{To:yyyy-MM-dd} Asia/Shanghai: {data.Rows.Count - inside.Count} rows");
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void SessionsMatchTheReference(Engine engine) => RealDataAssert.Sessions(data.Table.Query().Using(engine), data.Rows, output);

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void FunnelMatchesTheReference(Engine engine)
    {
        Assert.Equal(["pv", "cart", "buy"], data.Preset.FunnelSteps);
        RealDataAssert.Funnel(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void FunnelByCategoryMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Funnel(data.Table.Query().Using(engine), data.Preset, data.Rows, output, breakdown: "category_id");
        // every value comes from the data, so there is no (none) row, and the rows sum to the whole funnel
        Assert.DoesNotContain(r.Breakdown, b => b.Value is null);
        for (var k = 0; k < r.Steps.Count; k++) Assert.Equal(r.Steps[k].Users, r.Breakdown.Sum(b => b.Steps[k].Users));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RetentionMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Retention(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.Equal(Columnar.Analytics.CalendarPeriod.Day, r.Period);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RfmMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Rfm(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.False(r.HasAmount); // no amount column: M = F
    }

    [Fact]
    public void BetweenExcludesExactlyTheRowsOutsideTheWindow()
    {
        var inside = RawRows.Between(data.Rows, "Asia/Shanghai", From, To);
        Assert.Equal(84_475 - 35, inside.Count);
        var query = data.Table.Between(From, To);
        Assert.Equal("Asia/Shanghai", query.TimeZone);
        var sessions = RealDataAssert.Sessions(query, inside, output);
        Assert.Equal(inside.Count, sessions.Events);
        RealDataAssert.Funnel(query, data.Preset, inside, output);
        RealDataAssert.Funnel(query, data.Preset, inside, output, breakdown: "category_id");
        var retention = RealDataAssert.Retention(query, data.Preset, inside, output);
        Assert.Equal(From, retention.Cohorts[0].Start);
        Assert.All(retention.Cohorts, c => Assert.InRange(c.Start, From, To));
        Assert.Equal(To, retention.LastPeriodStart);
        RealDataAssert.Rfm(query, data.Preset, inside, output);
    }
}
