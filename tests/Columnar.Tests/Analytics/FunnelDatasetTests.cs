using System.Globalization;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Analytics;

/// <summary>The SQL funnel against the naive reference on the real Taobao UserBehavior user slice (84,475 rows, 815 users).</summary>
public class FunnelDatasetTests
{
    private static string DatasetPath(string relative) => Columnar.Tests.TestKit.RawRows.DatasetPath(relative);

    /// <summary>Rows <c>user_id,item_id,category_id,behavior_type,timestamp</c> (unix seconds), no header.</summary>
    private static List<RawEvent> ReadTaobao()
    {
        var path = DatasetPath("taobao_userbehavior_userslice/UserBehavior.trimmed.csv");
        return File.ReadLines(path).Select(line => line.Split(','))
            .Select(f => new RawEvent(f[0], long.Parse(f[4], CultureInfo.InvariantCulture) * 1_000_000, f[3], f[2]))
            .ToList();
    }

    private static EventTable Build(List<RawEvent> events)
    {
        var b = new EventTableBuilder(new EventRoles(View: "pv", Cart: "cart", Fav: "fav", Purchase: "buy"));
        var category = b.AddProperty("category_id", PropertyType.Int64);
        foreach (var e in events)
        {
            b.Append(long.Parse(e.User, CultureInfo.InvariantCulture), e.TimeMicros, e.Name);
            b.SetInt64(category, long.Parse(e.Breakdown!, CultureInfo.InvariantCulture));
        }
        return b.Build();
    }

    [Fact]
    public void TaobaoFunnelsMatchTheReference()
    {
        var events = ReadTaobao();
        Assert.Equal(84_475, events.Count);
        using var table = Build(events);

        foreach (var (steps, window) in new[] { (new[] { "pv", "cart", "buy" }, TimeSpan.FromDays(1)), (["pv", "pv", "cart", "buy"], TimeSpan.FromHours(1)) })
        {
            var expected = FunnelReference.Run(events, steps, window.Ticks / 10);
            var r = table.Funnel(steps).Within(window).BreakdownBy("category_id").Run();
            Assert.Equal(expected.Total, r.Steps.Select(s => s.Users));
            Assert.Equal(expected.Rows.Count, r.Breakdown.Count);
            foreach (var (value, users) in expected.Rows)
                Assert.Equal(users, r.Breakdown.Single(b => b.Value == value).Steps.Select(s => s.Users));
        }
    }
}
