using Columnar.Analytics.Funnels;
using Columnar.Kernels;
using Columnar.Query;
using Columnar.Storage;
using FsCheck;
using FsCheck.Fluent;

namespace Columnar.Tests.Kernels;

/// <summary>One 150,000-event table over many user ranges, loaded into DuckDB once for the funnel and paths tests.</summary>
public sealed class ManyRangesTable : IDisposable
{
    public EventTable Table { get; } = FunnelKernelThreadTests.Table(7, 150_000);

    public void Dispose() => Table.Dispose();
}

[CollectionDefinition(Name)]
public class ManyRangesCollection : ICollectionFixture<ManyRangesTable>
{
    public const string Name = "many-ranges table";
}

/// <summary>Tables large enough for several user ranges: the kernel's result does not depend on the thread count, and equals SQL.</summary>
[Collection(ManyRangesCollection.Name)]
public class FunnelKernelThreadTests(ManyRangesTable shared)
{
    private static readonly string[] Names = ["page_view", "view_item", "add_to_cart", "purchase", "search"];

    /// <summary>About <paramref name="events"/> events over many users, one of them heavy (more than one range's worth).</summary>
    internal static EventTable Table(int seed, int events)
    {
        var rng = new Random(seed);
        var b = new EventTableBuilder(new EventRoles(Purchase: "purchase", Order: "order"));
        var device = b.AddProperty("device", PropertyType.String);
        var order = b.AddProperty("order", PropertyType.Int64);
        var t0 = Columnar.Time.TimeZones.ToMicros(new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc));
        var user = 0;
        var left = events;
        while (left > 0)
        {
            var n = user == 3 ? 70_000 : rng.Next(1, 120);
            var t = t0 + rng.NextInt64(0, 5L * 86_400_000_000);
            for (var i = 0; i < n && left > 0; i++, left--)
            {
                b.Append(user, t, Names[rng.Next(Names.Length)]);
                if (rng.Next(5) > 0) b.SetString(device, rng.Next(3) switch { 0 => "mobile", 1 => "desktop", _ => "tablet" });
                if (rng.Next(3) > 0) b.SetInt64(order, rng.Next(1, 6));
                t += rng.Next(4) == 0 ? 0 : rng.NextInt64(1, 3_600_000_000);
            }
            user++;
        }
        return b.Build();
    }

    [FsCheck.Xunit.Property(MaxTest = 4, QuietOnSuccess = true)]
    public Property SameResultFor1And2And7Threads() => Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
    {
        using var table = Table(seed, 200_000);
        Assert.True(UserParallel.Ranges(table.Offsets).Length >= 3);
        var rng = new Random(seed);
        var steps = Enumerable.Range(0, rng.Next(2, 6)).Select(_ => Names[rng.Next(4)]).ToArray();
        var definition = new FunnelDefinition(steps, TimeSpan.FromMinutes(rng.Next(1, 2000)), rng.Next(2) == 0 ? "device" : null);
        var scope = table.Query().Using(Engine.Kernels).Resolve();
        var one = FunnelRunner.Run(scope, definition, 1);
        FunnelKernelPropertyTests.AssertSame(one, FunnelRunner.Run(scope, definition, 2));
        FunnelKernelPropertyTests.AssertSame(one, FunnelRunner.Run(scope, definition, 7));
    });

    [Fact]
    public void ManyRangesEqualSqlWithBreakdownAndOrderDedup()
    {
        var table = shared.Table;
        foreach (var steps in new[] { new[] { "page_view", "view_item", "add_to_cart", "purchase" }, ["view_item", "view_item", "purchase", "purchase"] })
        {
            var sql = table.Query().Using(Engine.DuckDb).Funnel(steps).Within(TimeSpan.FromHours(3)).BreakdownBy("device").Run();
            var kernels = table.Query().Using(Engine.Kernels).Funnel(steps).Within(TimeSpan.FromHours(3)).BreakdownBy("device").Run();
            Assert.True(sql.Steps[^1].Users > 0);
            FunnelKernelPropertyTests.AssertSame(sql, kernels);
        }
    }
}
