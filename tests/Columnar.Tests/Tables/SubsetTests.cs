using Columnar.Datasets;
using Columnar.Profiles;
using Columnar.Query;

namespace Columnar.Tests.Tables;

public class SubsetTests
{
    [Fact]
    public void ASubsetTableGivesTheSameAnswersAsTheFilteredQuery()
    {
        using var table = SyntheticDataset.Generate(new SyntheticOptions { Events = 30_000, Seed = 5 });
        var users = UserSet.FromDense(table, Enumerable.Range(0, table.UserCount).Where(u => u % 3 != 0).ToArray());
        var filtered = table.Query()
            .Where(EventFilter.In("device", "mobile", "tablet"))
            .Where(EventFilter.IsNotNull("channel"))
            .For(users);
        var scope = filtered.Resolve();
        using var subset = table.Subset(scope.Mask, scope.Users);

        // Independent count of the rows that should survive.
        var device = table.Property("device")!;
        var expectedRows = Enumerable.Range(0, table.EventCount)
            .Count(r => table.UserIndex[r] % 3 != 0 && device.GetString(r) is "mobile" or "tablet");
        Assert.Equal(expectedRows, subset.EventCount);
        Assert.Equal(table.UserCount, subset.UserCount);
        Assert.Equal(0, subset.Offsets[1] - subset.Offsets[0]); // user 0 is outside the set: an empty run

        var a = filtered.Funnel("page_view", "view_item", "add_to_cart", "purchase").BreakdownBy("device").Run();
        var b = subset.Query().Funnel("page_view", "view_item", "add_to_cart", "purchase").BreakdownBy("device").Run();
        Assert.Equal(a.ToString(), b.ToString());
        Assert.Equal(filtered.Rfm().Run().ToString(), subset.Query().Rfm().Run().ToString());
        Assert.Equal(filtered.Sessions().Run().ToString(), subset.Query().Sessions().Run().ToString());
    }
}
