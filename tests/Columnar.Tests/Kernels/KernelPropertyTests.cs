using Columnar.Analytics;
using Columnar.Kernels;
using Columnar.Query;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Columnar.Tests.Kernels;

/// <summary>
/// Engine.Kernels == Engine.DuckDb (the SQL oracle) == a naive LINQ reference, on <see cref="RandomJourneys"/>: one table of many
/// users per case (so DuckDB loads once per case), several random queries per table (zones east and west of UTC and with DST,
/// timeouts, periods, start/return events, amount/order columns, reference dates, date filters), each run by the kernels on 1,
/// 2 and 7 threads over small user ranges under a randomly forced SIMD path. A case is its seed: a failure prints it, and
/// <c>RandomJourneys.Generate(seed, users)</c> rebuilds the table. Checked users are counted as users × queries.
/// </summary>
public class KernelPropertyTests
{
    public sealed record Case(int Seed, int Users)
    {
        public override string ToString() => $"seed={Seed} users={Users}";
    }

    public static class Arbitraries
    {
        public static Arbitrary<Case> Cases() => Arb.From(
            from seed in Gen.Choose(0, int.MaxValue)
            from users in Gen.Choose(1, 40)
            select new Case(seed, users));
    }

    private static readonly string[] Zones =
        ["UTC", "Asia/Shanghai", "Asia/Kolkata", "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Sao_Paulo", "Pacific/Chatham"];

    private static readonly long[] Timeouts = [1_000_000, 59_000_000, 1_800_000_000, 1_800_000_001, 7_200_000_000, 86_400_000_000];

    private static readonly int[] ThreadCounts = [1, 2, 7];

    private const int QueriesPerTable = 4;

    private static (DateOnly? From, DateOnly? To) Range(Random rng, int seed)
    {
        var day0 = RandomJourneys.FirstDay(seed);
        DateOnly? from = rng.Next(3) == 0 ? day0.AddDays(rng.Next(0, 25)) : null;
        DateOnly? to = rng.Next(3) == 0 ? (from ?? day0).AddDays(rng.Next(0, 40)) : null;
        return (from, to);
    }

    /// <summary>Runs <paramref name="run"/> on the kernels for 1, 2 and 7 threads under a random SIMD path and small ranges.</summary>
    private static void OnKernels<T>(Random rng, EventQuery query, Func<EventQuery, T> run, Action<T> same)
    {
        using var path = Simd.Force(Simd.All[rng.Next(Simd.All.Count)]);
        using var ranges = UserParallel.ForceEventsPerRange(rng.Next(1, 400));
        foreach (var threads in ThreadCounts) same(run(query.Using(Engine.Kernels).Threads(threads)));
    }

    [Property(MaxTest = 30, Arbitrary = [typeof(Arbitraries)], QuietOnSuccess = true)]
    public void SessionsOnKernelsEqualSqlAndNaive(Case c)
    {
        var events = RandomJourneys.Generate(c.Seed, c.Users);
        using var table = RandomJourneys.Build(events, "UTC");
        var rng = new Random(c.Seed);
        for (var q = 0; q < QueriesPerTable; q++)
        {
            var zone = Zones[rng.Next(Zones.Length)];
            var timeout = Timeouts[rng.Next(Timeouts.Length)];
            var (from, to) = Range(rng, c.Seed);
            var query = table.Query().InTimeZone(zone).Between(from, to);
            var sql = query.Using(Engine.DuckDb).Sessions().Timeout(TimeSpan.FromTicks(timeout * 10)).Run();
            var naive = SessionsNaive.Compute(events.Select(e => new SessionsNaive.Event(e.User, e.Micros)), timeout, zone, from, to);
            Assert.Equal((naive.Sessions, naive.Users, naive.Events, naive.TotalDurationMicros, naive.Bounces),
                (sql.Sessions, sql.Users, sql.Events, sql.TotalDurationMicros, sql.Bounces));
            Assert.Equal(naive.MedianMicros / 1e6, sql.MedianDurationSeconds);
            Assert.Equal(naive.Histogram, sql.Histogram.Select(b => b.Sessions));
            OnKernels(rng, query, k => k.Sessions().Timeout(TimeSpan.FromTicks(timeout * 10)).Run(), k => KernelAssert.Same(sql, k));
        }
    }

    [Property(MaxTest = 30, Arbitrary = [typeof(Arbitraries)], QuietOnSuccess = true)]
    public void RetentionOnKernelsEqualsSqlAndNaive(Case c)
    {
        var events = RandomJourneys.Generate(c.Seed, c.Users);
        using var table = RandomJourneys.Build(events, "UTC");
        var reference = events.Select(e => new RetentionReference.Event(e.User, e.Utc, e.Name)).ToArray();
        var rng = new Random(c.Seed);
        string?[] names = [null, null, "view", "buy", "a", "missing"];
        for (var q = 0; q < QueriesPerTable; q++)
        {
            var zone = Zones[rng.Next(Zones.Length)];
            var period = (CalendarPeriod)rng.Next(3);
            var periods = rng.Next(1, 12);
            var start = names[rng.Next(names.Length)];
            var ret = names[rng.Next(names.Length)];
            var (from, to) = Range(rng, c.Seed);
            var query = table.Query().InTimeZone(zone).Between(from, to);
            Columnar.Analytics.Retention.RetentionResult Run(EventQuery e) => e.Retention().By(period).Periods(periods).StartWith(start).ReturnWith(ret).Run();
            var sql = Run(query.Using(Engine.DuckDb));
            var expected = RetentionReference.Compute(reference, zone, period, periods, start, ret, from, to);
            Assert.Equal(expected.Select(x => (x.Start, x.Size)), sql.Cohorts.Select(x => (x.Start, x.Size)));
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Cells, sql.Cohorts[i].Cells);
            OnKernels(rng, query, Run, k => KernelAssert.Same(sql, k));
            // The exact per-event path (used where local time is not monotone) must agree too.
            // (called below the runner, which adds the warnings for absent events, so they are added the same way here)
            var scope = query.Using(Engine.Kernels).Resolve();
            var definition = new Columnar.Analytics.Retention.RetentionDefinition(period, periods, start, ret);
            KernelAssert.Same(sql, Columnar.Analytics.Retention.RetentionKernels.Run(scope, definition, exactPath: true)
                .WithNotes(Columnar.Analytics.Retention.RetentionRunner.Notes(scope, definition)));
        }
    }

    [Property(MaxTest = 30, Arbitrary = [typeof(Arbitraries)], QuietOnSuccess = true)]
    public void RfmOnKernelsEqualsSqlAndNaive(Case c)
    {
        var events = RandomJourneys.Generate(c.Seed, c.Users);
        using var table = RandomJourneys.Build(events, "UTC");
        var rng = new Random(c.Seed);
        for (var q = 0; q < QueriesPerTable; q++)
        {
            var zone = Zones[rng.Next(Zones.Length)];
            var amount = new[] { null, "amount", "qty" }[rng.Next(3)];
            var order = new[] { null, "order", "qty" }[rng.Next(3)];
            var (from, to) = Range(rng, c.Seed);
            DateOnly? asOf = rng.Next(3) == 0 ? RandomJourneys.FirstDay(c.Seed).AddDays(rng.Next(0, 30)) : null;
            var query = table.Query().InTimeZone(zone).Between(from, to);
            Columnar.Analytics.Rfm.RfmResult Run(EventQuery e)
            {
                var rfm = e.Rfm().Amount(amount).Order(order);
                return (asOf is { } d ? rfm.AsOf(d) : rfm).Run();
            }
            var sql = Run(query.Using(Engine.DuckDb));
            var reference = events.Select(e => new RfmReference.Event(e.User, e.Utc, e.Name,
                amount == "qty" ? e.Qty : e.Amount, order == "qty" ? e.Qty?.ToString(System.Globalization.CultureInfo.InvariantCulture) : e.Order));
            var (refDate, rows) = RfmReference.Compute(reference, zone, "buy", amount is not null, order is not null, asOf, from, to);
            Assert.Equal(refDate, sql.ReferenceDate);
            Assert.Equal(rows.Select(r => (r.User, r.R, r.F, r.M, r.RScore, r.FScore, r.MScore, r.Segment)),
                sql.Users.Select(u => (u.UserId, u.R, u.F, u.M, u.RScore, u.FScore, u.MScore, u.Segment)));
            OnKernels(rng, query, Run, k => KernelAssert.Same(sql, k));
        }
    }
}
