using Columnar.Query;
using Columnar.Ingest;
using Columnar.Tests.TestKit;
using Xunit.Abstractions;

namespace Columnar.Tests.RealData;

public sealed class Rees46Fixture() : DatasetFixture(RawRows.Rees46File, Preset.Rees46, RawRows.Rees46);

/// <summary>REES46 (head of 2019-Oct): the engine's analyses equal the naive references over independently parsed rows.</summary>
public class Rees46Tests(Rees46Fixture data, ITestOutputHelper output) : IClassFixture<Rees46Fixture>
{
    [Fact]
    public void FiguresMatchTheReadme()
    {
        // README: 17,434 rows, 4,504 users, 2019-10-01 00:00–02:50 UTC.
        Assert.Equal(17_434, data.Rows.Count);
        Assert.Equal(4_504, data.Rows.Select(r => r.User).Distinct().Count());
        Assert.Equal(new DateTime(2019, 10, 1, 0, 0, 0, DateTimeKind.Utc), data.Rows.Min(r => r.Utc));
        var last = data.Rows.Max(r => r.Utc);
        Assert.Equal(new DateTime(2019, 10, 1, 2, 50, 0, DateTimeKind.Utc), last.AddSeconds(-last.Second));
        Assert.Equal("UTC", data.Table.TimeZone);
        RealDataAssert.SameShape(data.Table, data.Rows, output);
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
        Assert.Equal(["view", "cart", "purchase"], data.Preset.FunnelSteps);
        RealDataAssert.Funnel(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RetentionMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Retention(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        // three hours of data: one daily cohort, every later cell after the end of the data
        var cohort = Assert.Single(r.Cohorts);
        Assert.Equal(4_504, cohort.Size);
        Assert.All(cohort.Cells.Skip(1), c => Assert.Null(c));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void RfmMatchesTheReference(Engine engine)
    {
        var r = RealDataAssert.Rfm(data.Table.Query().Using(engine), data.Preset, data.Rows, output);
        Assert.True(r.HasAmount);
        // one day of data: every purchaser has R = 1, so nobody is "recent" (R equal to the mean is not below it)
        Assert.All(r.Users, u => Assert.Equal(1, u.R));
        Assert.Equal(data.Rows.Where(x => x.Event == "purchase").Sum(x => x.Amount!.Value), r.Users.Sum(u => u.M));
    }
}
