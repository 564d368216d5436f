using Columnar.Query;
using Columnar.Ingest;
using Columnar.Tests.TestKit;
using Xunit.Abstractions;

namespace Columnar.Tests.RealData;

public sealed class UciRetailFixture() : DatasetFixture(RawRows.UciFile, Preset.UciRetail, RawRows.UciRetail);

/// <summary>UCI Online Retail, invoice level: the engine's analyses equal the naive references over independently parsed rows.</summary>
public class UciRetailTests(UciRetailFixture data, ITestOutputHelper output) : IClassFixture<UciRetailFixture>
{
    [Fact]
    public void FiguresMatchTheReadme()
    {
        // README: 18,532 invoices, 4,338 customers, 2010-12-01..2011-12-09.
        Assert.Equal(18_532, data.Rows.Count);
        Assert.Equal(18_532, data.Rows.Select(r => r.Order).Distinct().Count()); // one row per invoice
        Assert.Equal(4_338, data.Rows.Select(r => r.User).Distinct().Count());
        Assert.Equal(new DateTime(2010, 12, 1, 0, 0, 0, DateTimeKind.Utc), data.Rows.Min(r => r.Utc));
        Assert.Equal(new DateTime(2011, 12, 9, 0, 0, 0, DateTimeKind.Utc), data.Rows.Max(r => r.Utc));
        RealDataAssert.SameShape(data.Table, data.Rows, output);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void SessionsMatchTheReference(Engine engine) => RealDataAssert.Sessions(data.Table.Query().Using(engine), data.Rows, output);

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RepeatPurchaseFunnelCountsSameDateInvoicesAsDistinctEvents(Engine engine)
    {
        Assert.Equal(["purchase", "purchase", "purchase"], data.Preset.FunnelSteps);
        Assert.Equal("InvoiceNo", data.Preset.Roles.Order); // one purchase per distinct invoice, and every row is its own invoice
        var r = RealDataAssert.Funnel(data.Table.Query().Using(engine), data.Preset, data.Rows, output);

        // Several invoices of one customer on one date are distinct purchases.
        var sameDate = data.Rows.GroupBy(x => (x.User, x.Utc)).Count(g => g.Count() >= 2);
        Assert.True(sameDate > 0);
        var byDate = data.Rows.GroupBy(x => (x.User, x.Utc)).Select(g => g.First()).ToList();
        var datesOnly = FunnelReference.Run(RawRows.ForFunnel(byDate), data.Preset.FunnelSteps, data.Preset.FunnelWindow.Ticks / 10);
        Assert.True(datesOnly.Total[1] < r.Steps[1].Users);
        output.WriteLine($"customer-dates with 2+ invoices: {sameDate:N0}; funnel counting dates only would give {string.Join(" → ", datesOnly.Total)}");
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RetentionMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Retention(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.Equal(Columnar.Analytics.CalendarPeriod.Month, r.Period);
        Assert.Equal(new DateOnly(2010, 12, 1), r.Cohorts[0].Start);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RfmMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Rfm(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.Equal(new DateOnly(2011, 12, 10), r.ReferenceDate);
        Assert.Equal(4_338, r.Purchasers);
        Assert.Equal(18_532, r.Users.Sum(u => u.F));
        Assert.Equal(data.Rows.Sum(x => x.Amount!.Value), r.Users.Sum(u => u.M)); // exact: no rounding of 22.200000000000003
    }
}
