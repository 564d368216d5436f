using Columnar.Query;
using Columnar.Ingest;
using Columnar.Tests.TestKit;
using Xunit.Abstractions;

namespace Columnar.Tests.RealData;

public sealed class CdnowFixture() : DatasetFixture(RawRows.CdnowFile, Preset.Cdnow, RawRows.Cdnow);

/// <summary>CDNOW purchase log: the engine's analyses equal the naive references over independently parsed rows.</summary>
public class CdnowTests(CdnowFixture data, ITestOutputHelper output) : IClassFixture<CdnowFixture>
{
    [Fact]
    public void FiguresMatchTheReadme()
    {
        // README: 69,659 purchases, 23,570 customers, 1997-01-01..1998-06-30, 80 rows of $0.
        Assert.Equal(69_659, data.Rows.Count);
        Assert.Equal(23_570, data.Rows.Select(r => r.User).Distinct().Count());
        Assert.Equal(new DateTime(1997, 1, 1, 0, 0, 0, DateTimeKind.Utc), data.Rows.Min(r => r.Utc));
        Assert.Equal(new DateTime(1998, 6, 30, 0, 0, 0, DateTimeKind.Utc), data.Rows.Max(r => r.Utc));
        Assert.Equal(80, data.Rows.Count(r => r.Amount == 0m));
        RealDataAssert.SameShape(data.Table, data.Rows, output);
        // loading never deduplicates: identical rows are genuine same-day purchases
        Assert.Equal(data.Rows.Count, data.Table.LoadReport!.RowsLoaded);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void SessionsMatchTheReference(Engine engine) => RealDataAssert.Sessions(data.Table.Query().Using(engine), data.Rows, output);

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RepeatPurchaseFunnelCountsSameDatePurchasesAsDistinctEvents(Engine engine)
    {
        Assert.Equal(["purchase", "purchase", "purchase"], data.Preset.FunnelSteps);
        Assert.Null(data.Preset.Roles.Order); // no order column: every row is a purchase
        var r = RealDataAssert.Funnel(data.Table.Query().Using(engine), data.Preset, data.Rows, output);

        // Customers whose only purchases are 3+ rows on one date must reach step 3: equal times chain in step order.
        var sameDayOnly = data.Rows.GroupBy(x => x.User)
            .Where(g => g.Select(x => x.Utc).Distinct().Count() == 1 && g.Count() >= 3)
            .Select(g => g.Key).ToHashSet();
        Assert.NotEmpty(sameDayOnly);
        var sameDay = RawRows.ForFunnel(data.Rows.Where(x => sameDayOnly.Contains(x.User)));
        Assert.Equal(sameDayOnly.Count, FunnelReference.Run(sameDay, data.Preset.FunnelSteps, data.Preset.FunnelWindow.Ticks / 10).Total[2]);
        // Counting dates instead of rows would lose them, so the check can fail.
        var byDate = data.Rows.GroupBy(x => (x.User, x.Utc)).Select(g => g.First()).ToList();
        Assert.True(FunnelReference.Run(RawRows.ForFunnel(byDate), data.Preset.FunnelSteps, data.Preset.FunnelWindow.Ticks / 10).Total[2] < r.Steps[2].Users);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RetentionMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Retention(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.Equal(Columnar.Analytics.CalendarPeriod.Month, r.Period);
        Assert.Equal(12, r.Periods);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RfmMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Rfm(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.Equal(new DateOnly(1998, 7, 1), r.ReferenceDate);
        Assert.Equal(23_570, r.Purchasers);
        Assert.Equal(data.Rows.Count, r.Users.Sum(u => u.F)); // F counts rows: same-day purchases are distinct
        Assert.Equal(data.Rows.Sum(x => x.Amount!.Value), r.Users.Sum(u => u.M));
    }
}
