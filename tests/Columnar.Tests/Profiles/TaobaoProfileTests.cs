using System.Globalization;
using Columnar.Analytics.Rfm;
using Columnar.Ingest;
using Columnar.Profiles;
using Columnar.Storage;
using Columnar.Tests.Ingest;

namespace Columnar.Tests.Profiles;

/// <summary>Tags and segments on the Taobao user slice against naive LINQ over the raw rows parsed here.</summary>
public class TaobaoProfileTests
{
    internal sealed record Raw(long User, long Category, string Event, long Micros);

    private static readonly Lazy<(EventTable Table, Raw[] Rows)> Data = new(() =>
    {
        var path = IngestTestKit.Dataset("taobao_userbehavior_userslice/UserBehavior.trimmed.csv");
        var rows = File.ReadLines(path).Select(l => l.Split(','))
            .Select(f => new Raw(long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture), f[3],
                long.Parse(f[4], CultureInfo.InvariantCulture) * 1_000_000)).ToArray();
        return (EventTable.Load(path, Preset.Taobao), rows);
    });

    private static EventTable Table => Data.Value.Table;
    private static Raw[] Rows => Data.Value.Rows;
    private static readonly Lazy<long> LastTime = new(() => Rows.Max(r => r.Micros));
    private static long AsOf => LastTime.Value;
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static DateOnly Local(long micros) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddTicks(micros * 10), Shanghai));
    private const long Day = 86_400_000_000L;

    private static SortedSet<long> Users(IEnumerable<long> ids) => new(ids);
    private static SortedSet<long> Ids(UserSet s) => new(s.UserIds().Cast<long>());

    private static readonly Lazy<TagStore> Defaults = new(() => TagStore.BuildDefaults(Table.Query()));

    [Fact]
    public void CountBehaviourWithinWindowMatchesLinq()
    {
        var expected = Users(Rows.Where(r => r.Event == "buy" && r.Micros > AsOf - 3 * Day && r.Micros <= AsOf)
            .GroupBy(r => r.User).Where(g => g.Count() >= 2).Select(g => g.Key));
        var actual = Segment.Parse("did(buy, min=2, within=3d)").Evaluate(Table.Query());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids(actual));
        var notExpected = Users(Rows.Select(r => r.User).Distinct().Where(u => !expected.Contains(u)));
        Assert.Equal(notExpected, Ids(Segment.Parse("didnot(buy, min=2, within=3d)").Evaluate(Table.Query())));
    }

    [Fact]
    public void PropertyConditionAndMaxMatchLinq()
    {
        var top = Rows.GroupBy(r => r.Category).OrderByDescending(g => g.Count()).First().Key;
        var expected = Users(Rows.Where(r => r.Event == "pv" && r.Category == top).GroupBy(r => r.User)
            .Where(g => g.Count() is >= 2 and <= 5).Select(g => g.Key));
        var actual = Segment.Parse($"did(pv, category_id={top}, min=2, max=5)").Evaluate(Table.Query());
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids(actual));
    }

    [Fact]
    public void SequenceWithinGapMatchesLinq()
    {
        var gap = 3_600_000_000L;
        var byUser = Rows.GroupBy(r => r.User);
        var expected = Users(byUser.Where(g => g.Any(a => a.Event == "cart" && g.Any(b => b.Event == "buy" && b.Micros >= a.Micros && b.Micros - a.Micros <= gap)))
            .Select(g => g.Key));
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Ids(Segment.Parse("did(cart, then=buy, gap=1h)").Evaluate(Table.Query())));
    }

    [Fact]
    public void DefaultTagsMatchLinq()
    {
        var store = Defaults.Value;
        Assert.Equal(AsOf, (store.AsOf.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        var byUser = Rows.GroupBy(r => r.User).ToDictionary(g => g.Key, g => g.ToArray());

        // activity: distinct local dates (Asia/Shanghai) with events in (asOf − 30 d, asOf]
        string Level(Raw[] rs)
        {
            var days = rs.Where(r => r.Micros > AsOf - 30 * Day).Select(r => Local(r.Micros)).Distinct().Count();
            return days >= 10 ? "high" : days >= 3 ? "medium" : days >= 1 ? "low" : "dormant";
        }
        foreach (var level in new[] { "high", "medium", "low", "dormant" })
            Assert.Equal(Users(byUser.Where(kv => Level(kv.Value) == level).Select(kv => kv.Key)), Ids(store.Users("activity", level)));

        Assert.Equal(Users(byUser.Where(kv => kv.Value.Any(r => r.Event == "buy")).Select(kv => kv.Key)), Ids(store.Users("buyer", "true")));

        var abandoners = Users(byUser.Where(kv =>
        {
            var lastBuy = kv.Value.Where(r => r.Event == "buy").Select(r => r.Micros).DefaultIfEmpty(long.MinValue).Max();
            return kv.Value.Any(r => r.Event == "cart" && r.Micros > AsOf - 7 * Day && r.Micros > lastBuy);
        }).Select(kv => kv.Key));
        Assert.NotEmpty(abandoners);
        Assert.Equal(abandoners, Ids(store.Users("cart_abandoner", "true")));

        // interest: weights pv 1, fav 2, cart 3, buy 5; top 3 by score, ties by smaller category
        var weight = new Dictionary<string, int> { ["pv"] = 1, ["fav"] = 2, ["cart"] = 3, ["buy"] = 5 };
        var interest = new Dictionary<long, SortedSet<long>>();
        foreach (var (user, rs) in byUser)
            foreach (var cat in rs.GroupBy(r => r.Category).Select(g => (g.Key, Score: g.Sum(r => weight[r.Event])))
                         .OrderByDescending(x => x.Score).ThenBy(x => x.Key).Take(3))
            {
                if (!interest.TryGetValue(cat.Key, out var set)) interest[cat.Key] = set = new SortedSet<long>();
                set.Add(user);
            }
        Assert.Equal(interest.Keys.Select(k => k.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), store.Values("interest_category"));
        foreach (var (cat, users) in interest.Take(50))
            Assert.Equal(users, Ids(store.Users("interest_category", cat.ToString(CultureInfo.InvariantCulture))));

        // lifecycle for the local week (Monday) containing as-of
        var d = Local(AsOf);
        var cur = d.AddDays(-(((int)d.DayOfWeek + 6) % 7));
        long Start(DateOnly x) => (new DateTimeOffset(x.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        long c0 = Start(cur), p0 = Start(cur.AddDays(-7));
        string? Stage(Raw[] rs)
        {
            bool now = rs.Any(r => r.Micros >= c0), prev = rs.Any(r => r.Micros >= p0 && r.Micros < c0), before = rs.Any(r => r.Micros < p0);
            if (rs.Min(r => r.Micros) >= c0) return "new";
            if (now && prev) return "returning";
            if (now && before) return "resurrecting";
            if (!now && prev) return "dormant";
            return null;
        }
        foreach (var stage in LifecycleValues)
            Assert.Equal(Users(byUser.Where(kv => Stage(kv.Value) == stage).Select(kv => kv.Key)), Ids(store.Users("lifecycle", stage)));
    }

    private static readonly string[] LifecycleValues = ["new", "returning", "resurrecting", "dormant"];

    [Fact]
    public void RfmTagEqualsTheSqlRfmSegments()
    {
        var store = Defaults.Value;
        var rfm = Table.Rfm().Run();
        Assert.True(rfm.Purchasers > 0);
        foreach (var s in RfmSegment.All)
        {
            var expected = new SortedSet<long>(rfm.UsersIn(s.Key).Select(u => long.Parse(u.UserId, CultureInfo.InvariantCulture)));
            Assert.Equal(expected, Ids(store.Users("rfm", s.Key)));
            Assert.Equal(expected, Ids(rfm.SegmentUsers(Table, s.Key)));
        }
    }

    [Fact]
    public void FunnelUsersMatchTheSqlFunnelAndSegmentsFilterIt()
    {
        var funnel = Table.Funnel("pv", "cart", "buy");
        var result = funnel.Run();
        for (var k = 1; k <= 3; k++)
            Assert.Equal(result.Steps[k - 1].Users, funnel.UsersReaching(k).Count);
        Assert.Equal(result.Steps[0].Users - result.Steps[1].Users, funnel.UsersDroppingAfter(1).Count);

        using var store = TagStore.Build(Table.Query(), [TagDefinition.FunnelDropOff("funnel", ["pv", "cart", "buy"], TimeSpan.FromDays(1))]);
        Assert.Equal(result.Steps[2].Users, store.Users("funnel", "completed").Count);

        // the funnel of one segment: the SQL engine filtered by the user set equals the per-user depths restricted to it
        var segment = Defaults.Value.Segment("activity=high | activity=medium");
        var filtered = Table.Query().For(segment).Funnel("pv", "cart", "buy");
        var fr = filtered.Run();
        for (var k = 1; k <= 3; k++)
        {
            using var reach = funnel.UsersReaching(k);
            Assert.Equal(reach.AndCount(segment), fr.Steps[k - 1].Users);
        }
    }

    [Fact]
    public void TextSegmentOverTagsMatchesLinq()
    {
        var store = Defaults.Value;
        var byUser = Rows.GroupBy(r => r.User).ToDictionary(g => g.Key, g => g.ToArray());
        var buyers = Users(byUser.Where(kv => kv.Value.Any(r => r.Event == "buy")).Select(kv => kv.Key));
        var carts3 = Users(byUser.Where(kv => kv.Value.Count(r => r.Event == "cart") >= 3).Select(kv => kv.Key));
        var high = Ids(store.Users("activity", "high"));
        // & and - share a level, left-associative, tighter than |
        var expected = new SortedSet<long>(buyers.Where(u => !carts3.Contains(u)).Concat(high));
        Assert.Equal(expected, Ids(store.Segment("buyer - did(cart, min=3) | activity=high")));
        var expected2 = new SortedSet<long>(buyers.Where(u => !carts3.Contains(u) || high.Contains(u)));
        Assert.Equal(expected2, Ids(store.Segment("buyer - (did(cart, min=3) - activity=high)")));
        Assert.Equal(buyers.Count, Segment.Parse("buyer").Count(store));
    }

    [Fact]
    public void CohortUsersMatchLinq()
    {
        var retention = Table.Retention();
        var first = Rows.GroupBy(r => r.User).ToDictionary(g => g.Key, g => Local(g.Min(r => r.Micros)));
        var date = new DateOnly(2017, 11, 25);
        Assert.Equal(Users(first.Where(kv => kv.Value == date).Select(kv => kv.Key)), Ids(retention.CohortUsers(date)));
    }

    [Fact]
    public void SnapshotsRoundTripAndDiff()
    {
        using var temp = IngestTestKit.Temp();
        var store = Defaults.Value;
        var path = temp.PathOf("tags.snap");
        store.Snapshot().Save(path);
        var loaded = TagSnapshot.Load(path);
        Assert.Equal(store.AsOf, loaded.AsOf);
        Assert.Equal(store.Tags, loaded.Tags);
        foreach (var tag in store.Tags)
        {
            Assert.Equal(store.Values(tag), loaded.Values(tag));
            foreach (var v in store.Values(tag))
                Assert.Equal(store.Users(tag, v).UserIdTexts(), loaded.UserIds(tag, v));
        }
        // a store two days earlier: the diff equals set differences of ids per value
        using var earlier = TagStore.BuildDefaults(Table.Query(), store.AsOf.AddDays(-2));
        var diff = TagSnapshot.Diff(earlier.Snapshot(), loaded);
        Assert.NotEmpty(diff);
        foreach (var tag in store.Tags)
            foreach (var v in store.Values(tag).Union(earlier.Values(tag)))
            {
                var a = new HashSet<string>(earlier.Users(tag, v).UserIdTexts());
                var b = new HashSet<string>(store.Users(tag, v).UserIdTexts());
                var change = diff.SingleOrDefault(c => c.Tag == tag && c.Value == v);
                Assert.Equal(b.Except(a).Order(StringComparer.Ordinal), change?.Entered ?? []);
                Assert.Equal(a.Except(b).Order(StringComparer.Ordinal), change?.Left ?? []);
            }
        File.WriteAllText(temp.PathOf("bad.snap"), "not a snapshot");
        Assert.Equal(ErrorCodes.BadSnapshot, Assert.Throws<ColumnarException>(() => TagSnapshot.Load(temp.PathOf("bad.snap"))).Code);
    }
}
