using Columnar.Kernels;
using Columnar.Profiles;
using Columnar.Storage;
using Columnar.Tests.Kernels;
using Columnar.Time;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Columnar.Tests.Profiles;

/// <summary>
/// Cold behavioural segments against naive LINQ over the generated rows, on <see cref="RandomJourneys"/> (equal timestamps,
/// single-event and 1,000+-event users, huge gaps): windows whose edge (asOf − D) or end (asOf) falls exactly on an event, as-ofs
/// that leave users with no rows in scope, date scopes and user filters, min/max/mindays, each evaluated under a random SIMD
/// path and small user ranges. The kernel itself is checked against a per-user count at every SIMD path.
/// A case is its seed: a failure prints it.
/// </summary>
public class ColdSegmentPropertyTests
{
    public sealed record Case(int Seed, int Users)
    {
        public override string ToString() => $"seed={Seed} users={Users}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from seed in Gen.Choose(0, int.MaxValue)
            from users in Gen.Choose(1, 30)
            select new Case(seed, users));
    }

    private static readonly string[] Zones = ["UTC", "America/New_York", "Asia/Kolkata"];
    private static readonly string?[] Events = ["buy", "view", "cart", "a", null, "never"];

    private static DateOnly Local(long micros, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(TimeZones.ToDateTime(micros), zone));

    /// <summary>The users (original ids) for whom <paramref name="b"/> holds as of <paramref name="asOf"/>, from the raw rows.</summary>
    private static SortedSet<string> Naive(JourneyEvent[] rows, IEnumerable<string> population, Behavior b, long asOf, DateOnly? scopeFrom, TimeZoneInfo zone)
    {
        bool Counted(JourneyEvent e) =>
            (b.Event is null || e.Name == b.Event) && e.Micros <= asOf
            && (b.Within is not { } w || e.Micros > asOf - w.Ticks / 10)
            && (scopeFrom is not { } sf || Local(e.Micros, zone) >= sf)
            && (b.From is not { } f || Local(e.Micros, zone) >= f)
            && (b.To is not { } t || Local(e.Micros, zone) <= t);
        var byUser = rows.Where(Counted).GroupBy(e => e.User)
            .ToDictionary(g => g.Key, g => b.CountDays ? g.Select(e => Local(e.Micros, zone)).Distinct().Count() : g.Count());
        return new SortedSet<string>(population.Where(u =>
        {
            var n = byUser.GetValueOrDefault(u);
            return n >= (b.Min ?? 1) && n <= (b.Max ?? int.MaxValue);
        }), StringComparer.Ordinal);
    }

    private static Behavior RandomBehavior(Random rng, JourneyEvent[] rows, long asOf, TimeZoneInfo zone)
    {
        var b = Behavior.Did(Events[rng.Next(Events.Length)]);
        switch (rng.Next(6))
        {
            case 0: b = b.AtLeast(rng.Next(1, 4)); break;
            case 1: b = b.AtLeast(0).AtMost(rng.Next(0, 3)); break;
            case 2: b = b.AtMost(rng.Next(1, 6)); break;
            case 3: var lo = rng.Next(1, 5); b = b.AtLeast(lo).AtMost(lo + rng.Next(0, 3)); break;
            case 4: b = b.AtLeast(rng.Next(1, 3)).Days(); break; // the per-user probe path
        }
        // Edges on the time of a user's k-th last counted event, so the window often cuts exactly where the count changes.
        var counted = rows.Where(e => e.Micros < asOf && (b.Event is null || e.Name == b.Event)).GroupBy(e => e.User)
            .Select(g => g.Select(e => e.Micros).Order().ToArray()).ToArray();
        switch (rng.Next(4))
        {
            case 0 when counted.Length > 0:
                var mine = counted[rng.Next(counted.Length)];
                // k = min or max + 1 decides the user on the edge; otherwise any of the last few
                var k = rng.Next(3) switch { 0 => Math.Max(1, b.Min ?? 1), 1 when b.Max is { } m => m + 1, _ => rng.Next(1, 5) };
                var edge = mine[Math.Max(0, mine.Length - k)] + (rng.Next(3) == 0 ? rng.Next(-1, 2) : 0);
                if (asOf - edge >= 1) b = b.InLast(TimeSpan.FromTicks((asOf - edge) * 10));
                break;
            case 1: b = b.InLast(TimeSpan.FromDays(rng.Next(1, 40))); break;
            case 2:
                var day = Local(rows[rng.Next(rows.Length)].Micros, zone);
                b = b.Between(rng.Next(2) == 0 ? day : null, day.AddDays(rng.Next(0, 20)));
                break;
        }
        return b;
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(Arbitraries)], QuietOnSuccess = true)]
    public void ColdSegmentsEqualNaiveLinq(Case c) => CheckAgainstNaive(c, smallFilters: false);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void ManyUsersWithSmallFiltersEqualNaiveLinq(int seed) => CheckAgainstNaive(new Case(seed, 150), smallFilters: true);

    private static void CheckAgainstNaive(Case c, bool smallFilters)
    {
        var rng = new Random(c.Seed);
        var rows = RandomJourneys.Generate(c.Seed, c.Users);
        var zoneId = Zones[rng.Next(Zones.Length)];
        var zone = TimeZones.Find(zoneId);
        using var table = RandomJourneys.Build(rows, zoneId);
        var everyone = rows.Select(e => e.User).Distinct().ToArray();
        var times = rows.Select(e => e.Micros).Order().ToArray();
        for (var q = 0; q < (smallFilters ? 24 : 6); q++)
        {
            var query = table.Query();
            DateOnly? scopeFrom = null;
            IEnumerable<string> population = everyone;
            if (rng.Next(4) == 0)
            {
                scopeFrom = Local(times[rng.Next(times.Length)], zone);
                query = query.Between(scopeFrom, null);
            }
            if (smallFilters || rng.Next(4) == 0)
            {
                // half the users, or 1 to 3 (a filter under 1/64 of the users is counted user by user)
                var some = smallFilters
                    ? Enumerable.Range(0, rng.Next(1, 4)).Select(_ => everyone[rng.Next(everyone.Length)]).Distinct().ToArray()
                    : everyone.Where(_ => rng.Next(2) == 0).ToArray();
                query = query.For(UserSet.FromUserIds(table, some));
                population = some;
            }
            // as-of: the last event (default), exactly an event, 1 µs before one, or before every event (all users empty)
            long asOf;
            DateTimeOffset? given;
            switch (rng.Next(6))
            {
                case 0 or 4 or 5: asOf = times[^1]; given = null; break;
                case 1: asOf = times[rng.Next(times.Length)]; given = At(asOf); break;
                case 2: asOf = times[rng.Next(times.Length)] - 1; given = At(asOf); break;
                default: asOf = times[0] - 1_000_000; given = At(asOf); break;
            }
            if (given is null && scopeFrom is { } sf)
            {
                // the default as-of is the last event in scope
                var start = TimeZones.StartOfLocalDate(sf, zone);
                asOf = times.Where(t => t >= start).DefaultIfEmpty(long.MinValue).Max();
                if (asOf == long.MinValue) asOf = times[^1];
            }
            var b = RandomBehavior(rng, rows, asOf, zone);
            var expected = Naive(rows, population, b, asOf, scopeFrom, zone);
            var notExpected = new SortedSet<string>(population.Where(u => !expected.Contains(u)), StringComparer.Ordinal);
            using (Simd.Force(Simd.All[rng.Next(Simd.All.Count)]))
            using (UserParallel.ForceEventsPerRange(rng.Next(1, 300)))
            {
                using var did = Segment.Did(b).Evaluate(query, given);
                using var didNot = Segment.DidNot(b).Evaluate(query, given);
                var context = $"{c} {zoneId} asOf={asOf} {b} scopeFrom={scopeFrom} users={population.Count()}";
                Assert.True(expected.SetEquals(did.UserIdTexts()), $"did: {context}: expected {string.Join(",", expected)} got {string.Join(",", did.UserIdTexts())}");
                Assert.True(notExpected.SetEquals(didNot.UserIdTexts()), $"didnot: {context}");
            }
        }
    }

    /// <summary>
    /// Hand-computed: in Asia/Kolkata (UTC+5:30) user a buys at local 2024-03-01 23:59:59.999999, 2024-03-02 00:00:00 and 12:00,
    /// user b at 2024-03-01 12:00 only. Scoped from 2024-03-02 the first buy of a is out and the midnight one in: a has 2 buys,
    /// b none (so b is in didnot and in did(buy, min=0, max=1)); as of the midnight buy itself, a has 1 in the last 1 µs.
    /// </summary>
    [Fact]
    public void ScopeAndWindowEdgesAreExact()
    {
        var b = new EventTableBuilder(new EventRoles(Purchase: "buy"));
        var zone = TimeZones.Find("Asia/Kolkata");
        var midnight = TimeZones.StartOfLocalDate(new DateOnly(2024, 3, 2), zone);
        b.Append("a", midnight - 1, "buy");
        b.Append("a", midnight, "buy");
        b.Append("a", midnight + 12 * 3_600_000_000L, "buy");
        b.Append("b", midnight - 12 * 3_600_000_000L, "buy");
        using var table = b.Build();
        table.TimeZone = "Asia/Kolkata";
        var scoped = table.Query().Between(new DateOnly(2024, 3, 2), null);
        string[] Ids(Segment s, Columnar.Query.EventQuery q, DateTimeOffset? asOf = null)
        {
            using var set = s.Evaluate(q, asOf);
            return set.UserIdTexts().ToArray();
        }
        Assert.Equal(["a"], Ids(Segment.Parse("did(buy, min=2, max=2)"), scoped));
        Assert.Equal(["b"], Ids(Segment.Parse("didnot(buy)"), scoped));
        Assert.Equal(["b"], Ids(Segment.Parse("did(buy, min=0, max=1)"), scoped));
        Assert.Equal(["a", "b"], Ids(Segment.Parse("did(buy, min=0, max=2)"), scoped));
        Assert.Equal(["a"], Ids(Segment.Parse("did(buy, min=3)"), table.Query()));
        // as of the midnight buy: (midnight − 1 µs, midnight] holds exactly that buy
        Assert.Equal(["a"], Ids(Segment.Did(Behavior.Did("buy").InLast(TimeSpan.FromTicks(10)).AtMost(1)), table.Query(), At(midnight)));
        Assert.Empty(Ids(Segment.Did(Behavior.Did("buy").InLast(TimeSpan.FromTicks(10)).AtLeast(2)), table.Query(), At(midnight)));
        Assert.Equal(["a"], Ids(Segment.Did(Behavior.Did("buy").InLast(TimeSpan.FromTicks(20)).AtLeast(2)), table.Query(), At(midnight)));
    }

    private static DateTimeOffset At(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    /// <summary>The kernel's users in [start, end), by a per-user count over every row.</summary>
    private static uint[] NaiveKernel(int[] offsets, short[] codes, long[] times, int start, int end, int code, long lo, long hi, int min, int max)
    {
        var users = new List<uint>();
        for (var u = start; u < end; u++)
        {
            var n = 0;
            for (var r = offsets[u]; r < offsets[u + 1]; r++)
                if ((code < 0 || codes[r] == code) && times[r] > lo && times[r] <= hi) n++;
            if (n >= min && n <= max) users.Add((uint)u);
        }
        return users.ToArray();
    }

    /// <summary>
    /// Hand-computed: user 0 buys (code 1) at 10, 20, 20, 30 and views (code 0) at 40; user 1 has no rows; user 2 buys at 20 only.
    /// In (20, ∞) user 0 has 1 buy (30), user 2 none; in (10, 30] user 0 has 3 (20, 20, 30) and user 2 has 1; any event in
    /// (20, ∞): user 0 has 2 (30, 40).
    /// </summary>
    [Fact]
    public void WindowCountsMatchAHandComputedCase()
    {
        int[] offsets = [0, 5, 5, 6];
        short[] codes = [1, 1, 1, 1, 0, 1];
        long[] times = [10, 20, 20, 30, 40, 20];
        uint[] Run(int code, long lo, long hi, int min, int max, SimdPath path)
        {
            var users = new uint[3];
            return users[..WindowCounts.Select(offsets, codes, times, 0, 3, code, lo, hi, min, max, users, path)];
        }
        foreach (var path in Simd.All)
        {
            Assert.Equal([0u], Run(1, 20, long.MaxValue, 1, int.MaxValue, path));
            Assert.Empty(Run(1, 20, long.MaxValue, 2, int.MaxValue, path));
            Assert.Equal([0u, 2u], Run(1, 10, 30, 1, int.MaxValue, path));
            Assert.Equal([0u], Run(1, 10, 30, 3, 3, path));
            Assert.Equal([2u], Run(1, 10, 30, 1, 2, path));
            Assert.Equal([0u, 2u], Run(1, 10, long.MaxValue, 1, 3, path));
            Assert.Equal([2u], Run(1, long.MinValue, long.MaxValue, 1, 3, path));
            Assert.Equal([0u], Run(-1, 20, long.MaxValue, 2, 2, path));
            Assert.Equal([0u, 2u], Run(-1, 19, 20, 1, int.MaxValue, path));
            Assert.Empty(Run(2, long.MinValue, long.MaxValue, 1, int.MaxValue, path));
        }
    }

    [Property(MaxTest = 60, QuietOnSuccess = true)]
    public void WindowCountsEqualAPerUserCountAtEveryPath(int seed)
    {
        var rng = new Random(seed);
        // Users of 0 to 300 rows (some long enough to cross the 4,096-row block), times sorted within a user with ties.
        var users = rng.Next(1, 60);
        var offsets = new int[users + 1];
        for (var u = 0; u < users; u++) offsets[u + 1] = offsets[u] + (rng.Next(8) == 0 ? rng.Next(0, 2500) : rng.Next(0, 12));
        var rows = offsets[users];
        var codes = new short[rows];
        var times = new long[rows];
        var dense = rng.Next(2) == 0;
        for (var u = 0; u < users; u++)
        {
            var t = rng.NextInt64(0, 1000);
            for (var r = offsets[u]; r < offsets[u + 1]; r++)
            {
                t += rng.Next(3) == 0 ? 0 : rng.Next(1, 50);
                times[r] = t;
                codes[r] = (short)(dense ? rng.Next(2) : rng.Next(20));
            }
        }
        var maxTime = rows == 0 ? 0 : times.Max();
        for (var q = 0; q < 8; q++)
        {
            var code = rng.Next(4) == 0 ? -1 : rng.Next(3);
            // Bounds often exactly on the time of one of a user's last rows (lo excluded, hi included), or 1 either side.
            long Near()
            {
                if (rows == 0 || rng.Next(4) == 0) return rng.NextInt64(-10, maxTime + 10);
                int u;
                do u = rng.Next(users); while (offsets[u] == offsets[u + 1]);
                return times[Math.Max(offsets[u], offsets[u + 1] - 1 - rng.Next(0, 6))] + rng.Next(-1, 2);
            }
            var lo = rng.Next(4) == 0 ? long.MinValue : Near();
            var hi = rng.Next(2) == 0 ? long.MaxValue : Math.Max(lo == long.MinValue ? 0 : lo, Near());
            var min = rng.Next(1, 5);
            var max = rng.Next(3) == 0 ? int.MaxValue : min + rng.Next(0, 4);
            var start = rng.Next(0, users);
            var end = rng.Next(start, users + 1);
            var expected = NaiveKernel(offsets, codes, times, start, end, code, lo, hi, min, max);
            foreach (var path in Simd.All)
            {
                var buffer = new uint[end - start + 1];
                var n = WindowCounts.Select(offsets, codes, times, start, end, code, lo, hi, min, max, buffer, path);
                Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(0, n)),
                    $"seed={seed} q={q} path={path} code={code} ({lo}, {hi}] [{min}, {max}] users {start}..{end}: expected {string.Join(",", expected)} got {string.Join(",", buffer.Take(n))}");
            }
        }
    }
}
