using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Tests.Kernels;

/// <summary>One generated event: user, UTC time in µs, name, and the purchase properties.</summary>
public sealed record JourneyEvent(string User, long Micros, string Name, decimal? Amount, string? Order, long? Qty)
{
    public DateTime Utc => TimeZones.ToDateTime(Micros);
}

/// <summary>
/// Random journeys from a seed, for the engine-equivalence properties: many users per table, single-event users, users with
/// 1,000+ events, bursts of 100+ events at one instant, duplicate rows, gaps at and around typical timeouts, huge gaps of years,
/// bases next to DST changes and a year end, and the rows shuffled before loading. The seed alone replays a case.
/// </summary>
public static class RandomJourneys
{
    private const long Second = 1_000_000L;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    private static readonly DateTime[] Bases =
    [
        new(2024, 3, 8, 0, 0, 0, DateTimeKind.Utc), new(2024, 3, 29, 0, 0, 0, DateTimeKind.Utc), new(2024, 10, 25, 0, 0, 0, DateTimeKind.Utc),
        new(2019, 2, 14, 0, 0, 0, DateTimeKind.Utc), new(2018, 10, 30, 0, 0, 0, DateTimeKind.Utc), new(2024, 4, 5, 0, 0, 0, DateTimeKind.Utc),
        new(2024, 12, 28, 0, 0, 0, DateTimeKind.Utc),
    ];

    private static readonly string[] Names = ["view", "view", "view", "cart", "buy", "buy", "a"];
    private static readonly decimal?[] Amounts = [null, 0.1m, 0.25m, 1m, 1.5m, 2.25m, 10m, 99.99m, 350.00m];

    /// <summary>The first local day of the data, for choosing date filters.</summary>
    public static DateOnly FirstDay(int seed) => DateOnly.FromDateTime(Bases[new Random(seed).Next(Bases.Length)]).AddDays(-1);

    public static JourneyEvent[] Generate(int seed, int users)
    {
        var rng = new Random(seed);
        var baseTime = TimeZones.ToMicros(Bases[rng.Next(Bases.Length)]);
        var cap = baseTime + 6 * 365 * Day;
        var events = new List<JourneyEvent>();
        for (var u = 0; u < users; u++)
        {
            var user = $"u{u:000}";
            var kind = rng.Next(12);
            var count = kind switch
            {
                0 => 1,
                1 => rng.Next(1000, 1300),
                _ => rng.Next(2, 40),
            };
            var t = baseTime + rng.NextInt64(0, 20 * Day);
            var burstAt = kind == 2 ? rng.Next(count) : -1;
            for (var i = 0; i < count; i++)
            {
                if (i == burstAt)
                {
                    // 100+ events sharing one instant.
                    var burst = rng.Next(100, 140);
                    for (var b = 0; b < burst; b++) events.Add(Event(rng, user, t));
                    continue;
                }
                t += Gap(rng, t < cap);
                var e = Event(rng, user, t);
                events.Add(e);
                if (rng.Next(20) == 0) events.Add(e); // an exact duplicate row
            }
        }
        // Unsorted input: the table must sort it.
        var shuffled = events.ToArray();
        rng.Shuffle(shuffled);
        return shuffled;
    }

    private static long Gap(Random rng, bool allowHuge) => rng.Next(100) switch
    {
        < 15 => 0,
        < 45 => rng.NextInt64(0, 120 * Second),
        < 60 => rng.NextInt64(25 * Minute, 35 * Minute),
        < 62 => 30 * Minute + rng.Next(-1, 2),
        < 80 => rng.NextInt64(Hour, 30 * Hour),
        < 99 => rng.NextInt64(Day, 20 * Day),
        _ => allowHuge ? rng.NextInt64(365 * Day, 3 * 365 * Day) : rng.NextInt64(Day, 40 * Day),
    };

    private static JourneyEvent Event(Random rng, string user, long t)
    {
        var name = Names[rng.Next(Names.Length)];
        return new JourneyEvent(user, t, name,
            Amounts[rng.Next(Amounts.Length)],
            rng.Next(3) == 0 ? null : $"o{rng.Next(4)}",
            rng.Next(4) == 0 ? null : rng.Next(0, 6));
    }

    /// <summary>Loads the events with properties amount (Decimal), order (String) and qty (Int64); purchase role "buy".</summary>
    public static EventTable Build(IEnumerable<JourneyEvent> events, string zone)
    {
        var b = new EventTableBuilder(new EventRoles(Purchase: "buy", Amount: "amount", Order: "order"));
        var amount = b.AddProperty("amount", PropertyType.Decimal);
        var order = b.AddProperty("order", PropertyType.String);
        var qty = b.AddProperty("qty", PropertyType.Int64);
        foreach (var e in events)
        {
            b.Append(e.User, e.Micros, e.Name);
            if (e.Amount is { } a) b.SetDecimal(amount, a);
            if (e.Order is { } o) b.SetString(order, o);
            if (e.Qty is { } q) b.SetInt64(qty, q);
        }
        var table = b.Build();
        table.TimeZone = zone;
        return table;
    }
}
