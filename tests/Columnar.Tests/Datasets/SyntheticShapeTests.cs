using Columnar.Datasets;
using Xunit;

namespace Columnar.Tests.Datasets;

/// <summary>Checks the default generation against the requirements, with naive LINQ as the oracle.</summary>
public class SyntheticShapeTests(DefaultSyntheticFixture fixture) : IClassFixture<DefaultSyntheticFixture>
{
    private const long MicrosPerSecond = 1_000_000;

    [Fact]
    public void HasExactlyTheRequestedEventsAndOneUserPerFiftyEvents()
    {
        var t = fixture.Table;
        Assert.Equal(1_000_000, t.EventCount);
        Assert.Equal(20_000, t.UserCount);
        Assert.True(t.HasIntegerUserIds);
        Assert.Equal(Enumerable.Range(1, 20_000).Select(i => (object)(long)i), Enumerable.Range(0, t.UserCount).Select(t.GetUserId));
        Assert.Equal(SyntheticDataset.Roles, t.Roles);
    }

    [Fact]
    public void EveryEventLiesInTheNinetyDaysFromNewYear2025Utc()
    {
        var from = (new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;
        var to = (new DateTime(2025, 4, 1, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / 10;
        var times = fixture.Table.Times.ToArray();
        Assert.All(times, t => Assert.InRange(t, from, to - 1));
        Assert.Equal(times.Min(), fixture.Table.MinTime);
        Assert.Equal(times.Max(), fixture.Table.MaxTime);
        // Spread over the whole window: every one of the 90 days has events.
        Assert.Equal(90, times.Select(t => (t - from) / (86_400 * MicrosPerSecond)).Distinct().Count());
    }

    [Fact]
    public void CoreColumnsCostAtMostSixteenBytesPerEvent()
    {
        Assert.True(fixture.Table.CoreBytesPerEvent <= 16, $"{fixture.Table.CoreBytesPerEvent} bytes per event");
    }

    [Fact]
    public void FunnelDropsOffStepByStepCountingDistinctUsers()
    {
        var t = fixture.Table;
        var users = t.UserIndex.ToArray();
        var distinct = SyntheticDataset.DefaultFunnel
            .Select(step => Enumerable.Range(0, t.EventCount).Where(i => fixture.Names[i] == step).Select(i => users[i]).Distinct().Count())
            .ToArray();
        for (var k = 1; k < distinct.Length; k++)
            Assert.True(distinct[k] < distinct[k - 1], $"step {k}: {string.Join(" > ", distinct)}");
        Assert.True(distinct[^1] > 0);
    }

    [Fact]
    public void StepRatesAreCloseToTheDesignedDropOff()
    {
        // Designed by hand: 60% of page_views lead to view_item, 25% of those to a cart, about 30% of carts to a purchase.
        var counts = fixture.Names.GroupBy(n => n).ToDictionary(g => g.Key, g => (double)g.Count());
        Assert.InRange(counts["view_item"] / counts["page_view"], 0.50, 0.70);
        Assert.InRange(counts["add_to_cart"] / counts["view_item"], 0.18, 0.32);
        Assert.InRange(counts["purchase"] / counts["add_to_cart"], 0.22, 0.38);
        foreach (var other in new[] { "search", "login", "add_to_wishlist", "remove_from_cart" })
            Assert.True(counts.ContainsKey(other), other);
        Assert.Equal(SyntheticDataset.EventNames.Order(), counts.Keys.Order());
    }

    [Fact]
    public void EachFunnelStepFollowsTheStepBeforeItForTheSameUser()
    {
        var t = fixture.Table;
        var offsets = t.Offsets;
        var before = new Dictionary<string, string> { ["view_item"] = "page_view", ["add_to_cart"] = "view_item", ["purchase"] = "add_to_cart" };
        for (var u = 0; u < t.UserCount; u++)
        {
            var seen = new HashSet<string>();
            for (var i = offsets[u]; i < offsets[u + 1]; i++)
            {
                var name = fixture.Names[i];
                if (before.TryGetValue(name, out var previous)) Assert.Contains(previous, seen);
                seen.Add(name);
            }
        }
    }

    [Fact]
    public void RevenueIsSetOnPurchasesOnlyPositiveWithTwoDecimals()
    {
        var revenue = fixture.Table.Property("revenue");
        Assert.NotNull(revenue);
        Assert.Equal(Columnar.Storage.PropertyType.Decimal, revenue.Type);
        var purchases = 0;
        for (var i = 0; i < fixture.Table.EventCount; i++)
        {
            var value = revenue.GetValue(i);
            if (fixture.Names[i] != "purchase")
            {
                Assert.Null(value);
                continue;
            }
            purchases++;
            var amount = Assert.IsType<decimal>(value);
            Assert.True(amount > 0);
            Assert.Equal(amount, Math.Round(amount, 2));
        }
        Assert.True(purchases > 1000);
    }

    [Fact]
    public void ActivityIsZipfLike()
    {
        var offsets = fixture.Table.Offsets.ToArray();
        var perUser = Enumerable.Range(0, fixture.Table.UserCount).Select(u => offsets[u + 1] - offsets[u]).OrderDescending().ToArray();
        var top1Percent = perUser.Take(perUser.Length / 100).Sum();
        Assert.True(top1Percent > 0.15 * fixture.Table.EventCount, $"top 1% hold {top1Percent}");
        Assert.True(perUser[perUser.Length / 2] < 50, "the median user is lighter than the average one");
        Assert.True(perUser[^1] >= 1);
        Assert.True(perUser[0] < 0.02 * fixture.Table.EventCount, "no single user dominates");
    }

    [Fact]
    public void GapsAreEitherInsideASessionOrMoreThanHalfAnHourApart()
    {
        // Inside a session the longest designed step is 400 s (cart to purchase); sessions are at least 31 minutes apart.
        var t = fixture.Table;
        var times = t.Times;
        var offsets = t.Offsets;
        long within = 0, between = 0;
        for (var u = 0; u < t.UserCount; u++)
        {
            for (var i = offsets[u] + 1; i < offsets[u + 1]; i++)
            {
                var gap = times[i] - times[i - 1];
                Assert.True(gap > 0, "times strictly increase within a user");
                if (gap <= 400 * MicrosPerSecond) within++;
                else if (gap > 30 * 60 * MicrosPerSecond) between++;
                else Assert.Fail($"gap of {gap / MicrosPerSecond} s at row {i}");
            }
        }
        var sessions = between + t.UserCount;
        Assert.InRange((double)t.EventCount / sessions, 3.0, 12.0);
    }

    [Fact]
    public void JapaneseUsersAreActiveInTheirEveningNotAtNight()
    {
        var t = fixture.Table;
        var country = t.Property("country")!;
        int evening = 0, night = 0;
        for (var i = 0; i < t.EventCount; i++)
        {
            if (country.GetString(i) != "JP") continue;
            var localHour = (t.Times[i] / (3600 * MicrosPerSecond) + 9) % 24; // Japan is UTC+9 all year.
            if (localHour is >= 19 and <= 22) evening++;
            else if (localHour is >= 2 and <= 5) night++;
        }
        Assert.True(evening > 3 * night, $"evening {evening}, night {night}");
    }

    [Fact]
    public void StringPropertiesHaveTheirSetsAndCountryIsPerUser()
    {
        var t = fixture.Table;
        var country = t.Property("country")!;
        var device = t.Property("device")!;
        var channel = t.Property("channel")!;
        var devices = Enumerable.Range(0, t.EventCount).Select(device.GetString).GroupBy(d => d).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(["desktop", "mobile", "tablet"], devices.Keys.Order());
        Assert.True(devices["mobile"] > devices["desktop"] && devices["desktop"] > devices["tablet"]);
        var channels = Enumerable.Range(0, t.EventCount).Select(i => channel.GetString(i)!).Distinct().Order().ToArray();
        Assert.Equal(new[] { "direct", "email", "organic", "paid", "referral", "social" }, channels);
        for (var u = 0; u < t.UserCount; u++)
        {
            var first = country.GetString(t.Offsets[u]);
            Assert.Matches("^[A-Z]{2}$", first);
            for (var i = t.Offsets[u] + 1; i < t.Offsets[u + 1]; i++) Assert.Equal(first, country.GetString(i));
        }
    }
}
