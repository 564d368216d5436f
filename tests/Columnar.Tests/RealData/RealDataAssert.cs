using System.Globalization;
using Columnar.Analytics;
using Columnar.Analytics.Funnels;
using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Analytics.Sessions;
using Columnar.Ingest;
using Columnar.Query;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using Xunit.Abstractions;

namespace Columnar.Tests.RealData;

/// <summary>A real dataset loaded once per test class: the table through the preset, and the rows through <see cref="RawRows"/>.</summary>
public abstract class DatasetFixture : IDisposable
{
    protected DatasetFixture(string file, Preset preset, Func<List<RawRow>> parse)
    {
        Preset = preset;
        Table = EventTable.Load(RawRows.DatasetPath(file), preset);
        Rows = parse();
    }

    public Preset Preset { get; }
    public EventTable Table { get; }
    public List<RawRow> Rows { get; }

    public void Dispose()
    {
        Table.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Each analysis run by the engine through the public query API, compared with the naive references in <see cref="TestKit"/>
/// over rows parsed independently by <see cref="RawRows"/>. The checks print the headline figures.
/// </summary>
public static class RealDataAssert
{
    private static string F(double? x, string format = "0.####") => x?.ToString(format, CultureInfo.InvariantCulture) ?? "null";

    /// <summary>Sessions with the 30-minute default timeout: every figure and the histogram.</summary>
    public static SessionsResult Sessions(EventQuery query, IEnumerable<RawRow> rows, ITestOutputHelper output)
    {
        var actual = query.Sessions().Run();
        var expected = SessionsReference.Compute(RawRows.ForSessions(rows), 30L * 60 * 1_000_000);
        Assert.Equal(TimeSpan.FromMinutes(30), actual.Definition.Timeout);
        Assert.Equal(expected.Sessions, actual.Sessions);
        Assert.Equal(expected.Users, actual.Users);
        Assert.Equal(expected.Events, actual.Events);
        Assert.Equal(expected.TotalDurationMicros, actual.TotalDurationMicros);
        Assert.Equal(expected.MedianDurationMicros / 1e6, actual.MedianDurationSeconds);
        Assert.Equal(expected.Bounces, actual.Bounces);
        Assert.Equal(expected.Histogram, actual.Histogram.Select(b => b.Sessions));
        Assert.Equal(["0 s", "< 10 s", "10–60 s", "1–5 min", "5–15 min", "15–30 min", "30–60 min", "≥ 1 h"], actual.Histogram.Select(b => b.Label));
        output.WriteLine($"sessions: {actual.Sessions:N0} sessions of {actual.Users:N0} users, {actual.Events:N0} events, " +
                         $"bounces {actual.Bounces:N0} ({F(actual.BounceRate, "0.00%")}), mean {F(actual.MeanDurationSeconds, "0.0")} s, median {F(actual.MedianDurationSeconds, "0.0")} s");
        return actual;
    }

    /// <summary>The preset's default funnel (steps and window), optionally broken down by a property.</summary>
    public static FunnelResult Funnel(EventQuery query, Preset preset, IEnumerable<RawRow> rows, ITestOutputHelper output, string? breakdown = null)
    {
        var plan = query.Funnel([.. preset.FunnelSteps]).Within(preset.FunnelWindow);
        if (breakdown is not null) plan = plan.BreakdownBy(breakdown);
        var actual = plan.Run();
        var expected = FunnelReference.Run(RawRows.ForFunnel(rows, breakdown), preset.FunnelSteps, preset.FunnelWindow.Ticks / 10,
            purchase: preset.Roles.Order is null ? null : preset.Roles.Purchase);
        Assert.Equal(preset.FunnelSteps, actual.Steps.Select(s => s.Name));
        Assert.Equal(expected.Total, actual.Steps.Select(s => s.Users));
        if (breakdown is null)
        {
            Assert.Empty(actual.Breakdown);
        }
        else
        {
            Assert.Equal(expected.Rows.Count, actual.Breakdown.Count);
            Assert.Equal(expected.Rows.Select(r => r.Value).Order(StringComparer.Ordinal), actual.Breakdown.Select(b => b.Value).Order(StringComparer.Ordinal));
            foreach (var (value, users) in expected.Rows)
                Assert.Equal(users, actual.Breakdown.Single(b => b.Value == value).Steps.Select(s => s.Users));
        }
        output.WriteLine($"funnel {string.Join(" → ", preset.FunnelSteps)} within {preset.FunnelWindow.TotalDays} d{(breakdown is null ? "" : $" by {breakdown} ({actual.Breakdown.Count:N0} rows)")}: " +
                         string.Join(" → ", actual.Steps.Select(s => s.Users.ToString("N0", CultureInfo.InvariantCulture))) +
                         $" (overall {F(actual.Steps[^1].OverallConversion, "0.00%")})");
        return actual;
    }

    /// <summary>"On" retention by the preset's period with that period's default number of columns, any event starting and returning.</summary>
    public static RetentionResult Retention(EventQuery query, Preset preset, IEnumerable<RawRow> rows, ITestOutputHelper output)
    {
        var actual = query.Retention().By(preset.RetentionPeriod).Run();
        var periods = RetentionDefinition.DefaultPeriods(preset.RetentionPeriod);
        var expected = RetentionReference.Compute(RawRows.ForRetention(rows), preset.TimeZone, preset.RetentionPeriod, periods, null, null);
        Assert.Equal(preset.TimeZone, actual.TimeZone);
        Assert.Equal(periods, actual.Periods);
        Assert.Equal(expected.Select(c => c.Start), actual.Cohorts.Select(c => c.Start));
        foreach (var (e, a) in expected.Zip(actual.Cohorts))
        {
            Assert.Equal(e.Size, a.Size);
            Assert.Equal(e.Cells, a.Cells);
        }
        // The average row: for each period, Σ cells over Σ sizes of the cohorts whose cell is not empty.
        for (var k = 0; k < periods; k++)
        {
            var filled = expected.Where(c => c.Cells[k] is not null).ToList();
            Assert.Equal(filled.Count == 0 ? null : filled.Sum(c => c.Cells[k]!.Value), actual.Average.Cells[k]);
            Assert.Equal(filled.Count == 0 ? null : filled.Sum(c => c.Size), actual.Average.CohortUsers[k]);
        }
        output.WriteLine($"retention by {preset.RetentionPeriod} in {preset.TimeZone}: {actual.Cohorts.Count} cohorts, " +
                         $"{actual.Average.CohortUsers[0]:N0} users; average " +
                         string.Join(" ", actual.Average.Fractions.Select((f, k) => $"{k}:{F(f, "0.00%")}")));
        return actual;
    }

    /// <summary>RFM with the preset's roles: the reference date, every purchaser's R/F/M, scores and segment, the score and
    /// segment counts, and the means.</summary>
    public static RfmResult Rfm(EventQuery query, Preset preset, IEnumerable<RawRow> rows, ITestOutputHelper output)
    {
        var actual = query.Rfm().Run();
        var roles = preset.Roles;
        var (reference, expected) = RfmReference.Compute(RawRows.ForRfm(rows), preset.TimeZone, roles.Purchase!,
            useAmount: roles.Amount is not null, useOrder: roles.Order is not null);
        Assert.Equal(reference, actual.ReferenceDate);
        Assert.Equal(expected.Count, actual.Purchasers);
        Assert.Equal(expected.Count, actual.Users.Count);

        var byUser = actual.Users.ToDictionary(u => u.UserId);
        foreach (var e in expected)
        {
            Assert.True(byUser.TryGetValue(e.User, out var a), $"purchaser {e.User} missing");
            Assert.Equal((e.R, e.F, e.M, e.RScore, e.FScore, e.MScore, e.Segment), (a.R, a.F, a.M, a.RScore, a.FScore, a.MScore, a.Segment));
        }

        long[] Scores(Func<RfmReference.Row, int> score) => Enumerable.Range(1, 5).Select(s => (long)expected.Count(r => score(r) == s)).ToArray();
        Assert.Equal(Scores(r => r.RScore), actual.RScores);
        Assert.Equal(Scores(r => r.FScore), actual.FScores);
        Assert.Equal(Scores(r => r.MScore), actual.MScores);

        long n = expected.Count;
        Assert.Equal((double)expected.Sum(r => r.R) / n, actual.MeanR!.Value, 12);
        Assert.Equal((double)expected.Sum(r => r.F) / n, actual.MeanF!.Value, 12);
        Assert.Equal(expected.Sum(r => r.M) / n, actual.MeanM);

        Assert.Equal(RfmSegment.All.Select(s => s.Key), actual.Segments.Select(s => s.Segment.Key));
        foreach (var s in actual.Segments)
        {
            var members = expected.Where(r => r.Segment == s.Segment.Key).ToList();
            Assert.Equal(members.Count, s.Users);
            if (members.Count == 0)
            {
                Assert.Null(s.MeanR);
                Assert.Null(s.MeanM);
                continue;
            }
            Assert.Equal(members.Average(r => (double)r.R), s.MeanR!.Value, 9);
            Assert.Equal(members.Average(r => (double)r.F), s.MeanF!.Value, 9);
            Assert.Equal(members.Sum(r => r.M) / members.Count, s.MeanM);
        }
        if (roles.Amount is null)
        {
            Assert.All(expected, r => Assert.Equal(r.F, r.M));
            Assert.False(actual.HasAmount);
        }

        var largest = actual.Segments.MaxBy(s => s.Users)!;
        output.WriteLine($"rfm of '{roles.Purchase}' as of {actual.ReferenceDate:yyyy-MM-dd}: {actual.Purchasers:N0} purchasers; " +
                         $"mean R {F(actual.MeanR, "0.00")} d, F {F(actual.MeanF, "0.00")}, M {actual.MeanM?.ToString("0.00", CultureInfo.InvariantCulture)}; " +
                         $"largest segment {largest.Segment.Key} ({largest.Segment.Chinese}) {largest.Users:N0} ({F(largest.Share, "0.0%")}); " +
                         $"segments {string.Join(", ", actual.Segments.Select(s => $"{s.Segment.Key}={s.Users}"))}; " +
                         $"R scores {string.Join("/", actual.RScores)}, F {string.Join("/", actual.FScores)}, M {string.Join("/", actual.MScores)}");
        return actual;
    }

    /// <summary>Rows, users and time span of the table equal those of the raw rows; the figures are printed.</summary>
    public static void SameShape(EventTable table, IReadOnlyList<RawRow> rows, ITestOutputHelper output)
    {
        Assert.Equal(rows.Count, table.EventCount);
        Assert.Equal(rows.Select(r => r.User).Distinct().Count(), table.UserCount);
        Assert.Equal(rows.Min(r => r.Micros), table.MinTime);
        Assert.Equal(rows.Max(r => r.Micros), table.MaxTime);
        Assert.Equal(0, table.LoadReport!.RowsRejected);
        output.WriteLine($"{table.EventCount:N0} rows, {table.UserCount:N0} users, " +
                         $"{DateTime.UnixEpoch.AddTicks(table.MinTime!.Value * 10):yyyy-MM-dd HH:mm:ss}..{DateTime.UnixEpoch.AddTicks(table.MaxTime!.Value * 10):yyyy-MM-dd HH:mm:ss} UTC");
    }
}
