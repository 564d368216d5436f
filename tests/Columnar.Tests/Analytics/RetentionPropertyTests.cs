using Columnar.Analytics;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Columnar.Tests.Analytics;

/// <summary>
/// SQL engine == naive reference on random journeys: many users per table, equal timestamps, unsorted input, and several
/// random queries per table (zones east and west of UTC and with DST, day/week/month periods, start/return events, --from/--to),
/// so the DuckDB copy is built once per table.
/// </summary>
public class RetentionPropertyTests
{
    public sealed record Variant(string Zone, CalendarPeriod Period, int Periods, string? Start, string? Return, DateOnly? From, DateOnly? To)
    {
        public override string ToString() =>
            $"zone={Zone} period={Period} periods={Periods} start={Start ?? "*"} return={Return ?? "*"} from={From} to={To}";
    }

    public sealed record Case(RetentionReference.Event[] Events, Variant[] Variants)
    {
        public override string ToString() => string.Join("; ", Variants.Select(v => v.ToString())) + "\n  " +
            string.Join("\n  ", Events.Select(e => $"{e.User} {e.Utc:yyyy-MM-ddTHH:mm}Z {e.Name}"));
    }

    public static readonly string[] Zones = ["UTC", "Asia/Shanghai", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Asia/Kolkata"];

    /// <summary>Starts just before DST changes and a month end, so local periods straddle them.</summary>
    private static readonly DateTime[] Bases =
    [
        new(2024, 3, 6, 0, 0, 0, DateTimeKind.Utc), new(2024, 3, 28, 0, 0, 0, DateTimeKind.Utc),
        new(2024, 10, 24, 0, 0, 0, DateTimeKind.Utc), new(2024, 1, 27, 0, 0, 0, DateTimeKind.Utc),
    ];

    private static Gen<Variant> Variants(DateOnly day0, int spanDays) =>
        from zone in Gen.Elements(Zones)
        from period in Gen.Elements(CalendarPeriod.Day, CalendarPeriod.Week, CalendarPeriod.Month)
        from periods in Gen.Choose(1, 9)
        from start in Gen.Elements<string?>(null, "a", "b")
        from ret in Gen.Elements<string?>(null, "a", "c")
        from fromDay in Gen.Frequency((2, Gen.Constant(-1)), (1, Gen.Choose(0, spanDays)))
        from toDay in Gen.Frequency((2, Gen.Constant(-1)), (1, Gen.Choose(0, spanDays)))
        let fromDate = fromDay < 0 ? (DateOnly?)null : day0.AddDays(toDay < 0 ? fromDay : Math.Min(fromDay, toDay))
        let toDate = toDay < 0 ? (DateOnly?)null : day0.AddDays(fromDay < 0 ? toDay : Math.Max(fromDay, toDay))
        select new Variant(zone, period, periods, start, ret, fromDate, toDate);

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from baseTime in Gen.Elements(Bases)
            from spanDays in Gen.Elements(6, 20, 70, 150)
            from pool in Gen.Choose(0, spanDays * 48).ArrayOf(6) // shared instants, so many events tie
            from users in Gen.Choose(1, 25)
            from events in Gen.Choose(1, 8).SelectMany(count => Gen.Zip(
                    Gen.Frequency((2, Gen.Elements(pool)), (3, Gen.Choose(0, spanDays * 48))),
                    Gen.Elements("a", "b", "c")).ArrayOf(count))
                .ArrayOf(users)
            from shuffled in Gen.Shuffle(events.SelectMany((list, u) => list.Select(e =>
                new RetentionReference.Event($"u{u:00}", baseTime.AddMinutes(30 * e.Item1), e.Item2))).ToArray())
            from variants in Variants(DateOnly.FromDateTime(baseTime), spanDays).ArrayOf(4)
            select new Case(shuffled, variants));
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(Arbitraries)], QuietOnSuccess = true)]
    public void SqlEqualsReference(Case c)
    {
        var journeys = new Journeys();
        foreach (var e in c.Events) journeys.Add(e.User, e.Utc, e.Name);
        using var table = journeys.Build();
        foreach (var v in c.Variants)
        {
            var result = table.Query().InTimeZone(v.Zone).Between(v.From, v.To)
                .Retention().By(v.Period).Periods(v.Periods).StartWith(v.Start).ReturnWith(v.Return).Run();
            var expected = RetentionReference.Compute(c.Events, v.Zone, v.Period, v.Periods, v.Start, v.Return, v.From, v.To);

            Assert.Equal(expected.Select(x => (x.Start, x.Size)), result.Cohorts.Select(x => (x.Start, x.Size)));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Cells, result.Cohorts[i].Cells);
                Assert.Equal(expected[i].Cells.Select(x => x is { } n ? (double?)n / expected[i].Size : null), result.Cohorts[i].Fractions);
            }
            for (var k = 0; k < v.Periods; k++)
            {
                var filled = expected.Where(x => x.Cells[k] is not null).ToArray();
                Assert.Equal(filled.Length == 0 ? null : filled.Sum(x => x.Cells[k]!.Value), result.Average.Cells[k]);
                Assert.Equal(filled.Length == 0 ? null : filled.Sum(x => x.Size), result.Average.CohortUsers[k]);
            }
            Assert.Equal(expected.Count * v.Periods, result.ToArrow().Length);
        }
    }
}
