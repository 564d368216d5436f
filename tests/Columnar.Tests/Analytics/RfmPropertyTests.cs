using Columnar.Storage;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Columnar.Tests.Analytics;

/// <summary>
/// SQL engine == naive reference on random purchase logs built for ties: few distinct dates, amounts and order ids, null amounts
/// and orders, many users per table, and several random queries per table (zone, amount/order mapping, reference date, filter).
/// </summary>
public class RfmPropertyTests
{
    public sealed record Variant(string Zone, bool UseAmount, bool UseOrder, DateOnly? AsOf, DateOnly? From, DateOnly? To)
    {
        public override string ToString() => $"zone={Zone} amount={UseAmount} order={UseOrder} asOf={AsOf} from={From} to={To}";
    }

    public sealed record Case(RfmReference.Event[] Events, Variant[] Variants)
    {
        public override string ToString() => string.Join("; ", Variants.Select(v => v.ToString())) + "\n  " +
            string.Join("\n  ", Events.Select(e => $"{e.User} {e.Utc:yyyy-MM-ddTHH:mm}Z {e.Name} {e.Amount} {e.Order}"));
    }

    private static readonly DateTime Base = new(2024, 3, 8, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Zones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Pacific/Auckland"];
    private static readonly decimal?[] Amounts = [null, 0.1m, 0.2m, 0.3m, 1m, 1.5m, 2.25m, 10m];
    private static readonly string?[] Orders = [null, "o1", "o2", "o3"];
    private static readonly int[] Hours = [0, 7, 15, 16, 23]; // around midnight in UTC, Shanghai and New York

    private static Gen<RfmReference.Event> Events(string user) =>
        from name in Gen.Frequency((3, Gen.Constant("buy")), (1, Gen.Constant("view")))
        from day in Gen.Choose(0, 6)
        from hour in Gen.Elements(Hours)
        from amount in Gen.Elements(Amounts)
        from order in Gen.Elements(Orders)
        select new RfmReference.Event(user, Base.AddDays(day).AddHours(hour), name, amount, order);

    private static Gen<Variant> Variants() =>
        from zone in Gen.Elements(Zones)
        from useAmount in Gen.Elements(true, false)
        from useOrder in Gen.Elements(true, false)
        from asOf in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 8)))
        from fromDay in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(0, 3)))
        from toDay in Gen.Frequency((3, Gen.Constant(-1)), (1, Gen.Choose(3, 7)))
        let day0 = DateOnly.FromDateTime(Base)
        select new Variant(zone, useAmount, useOrder,
            asOf < 0 ? null : day0.AddDays(asOf), fromDay < 0 ? null : day0.AddDays(fromDay), toDay < 0 ? null : day0.AddDays(toDay));

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from users in Gen.Choose(1, 30)
            from events in Gen.CollectToArray(Enumerable.Range(0, users), u => Gen.Choose(1, 6).SelectMany(n => Events($"u{u:00}").ArrayOf(n)))
            from shuffled in Gen.Shuffle(events.SelectMany(e => e).ToArray())
            from variants in Variants().ArrayOf(4)
            select new Case(shuffled, variants));
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(Arbitraries)], QuietOnSuccess = true)]
    public void SqlEqualsReference(Case c)
    {
        var journeys = new Journeys().Prop("amount", PropertyType.Decimal).Prop("order", PropertyType.String);
        foreach (var e in c.Events) journeys.Add(e.User, e.Utc, e.Name, ("amount", e.Amount), ("order", e.Order));
        using var table = journeys.Build();
        foreach (var v in c.Variants)
        {
            var q = table.Query().InTimeZone(v.Zone).Between(v.From, v.To).Rfm().Purchases("buy")
                .Amount(v.UseAmount ? "amount" : null).Order(v.UseOrder ? "order" : null);
            if (v.AsOf is { } asOf) q = q.AsOf(asOf);
            var result = q.Run();
            var (reference, rows) = RfmReference.Compute(c.Events, v.Zone, "buy", v.UseAmount, v.UseOrder, v.AsOf, v.From, v.To);

            Assert.Equal(reference, result.ReferenceDate);
            Assert.Equal(rows.Count, result.Purchasers);
            Assert.Equal(rows.Select(r => new RfmUserRow(r.User, r.R, r.F, r.M, r.RScore, r.FScore, r.MScore, r.Segment)),
                result.Users.Select(u => new RfmUserRow(u.UserId, u.R, u.F, u.M, u.RScore, u.FScore, u.MScore, u.Segment)));
            foreach (var s in result.Segments)
                Assert.Equal(rows.Count(r => r.Segment == s.Segment.Key), s.Users);
            for (var score = 1; score <= 5; score++)
            {
                Assert.Equal(rows.Count(r => r.RScore == score), result.RScores[score - 1]);
                Assert.Equal(rows.Count(r => r.FScore == score), result.FScores[score - 1]);
                Assert.Equal(rows.Count(r => r.MScore == score), result.MScores[score - 1]);
            }
        }
    }

    private readonly record struct RfmUserRow(string User, long R, long F, decimal M, int RScore, int FScore, int MScore, string Segment);
}
