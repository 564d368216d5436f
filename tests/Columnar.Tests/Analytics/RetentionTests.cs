using Columnar.Query;
using Apache.Arrow;
using Columnar.Analytics;
using Columnar.Analytics.Retention;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Analytics;

public class RetentionTests
{
    private static DateTime Utc(int month, int day, int hour, int minute, int year = 2024) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
    private static DateOnly D(int month, int day, int year = 2024) => new(year, month, day);

    private static void AssertCohort(RetentionCohort c, DateOnly start, params long?[] cells)
    {
        Assert.Equal(start, c.Start);
        Assert.Equal(cells[0], c.Size);
        Assert.Equal(cells, c.Cells);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void EastOfUtcEventsMoveToTheNextLocalDay(Engine engine)
    {
        using var table = new Journeys().Zone("Asia/Shanghai")
            .Add("u1", Utc(3, 1, 17, 0), "a")  // local 03-02 01:00
            .Add("u1", Utc(3, 2, 15, 0), "a")  // local 03-02 23:00
            .Add("u1", Utc(3, 3, 16, 30), "a") // local 03-04 00:30
            .Add("u2", Utc(3, 1, 15, 0), "a")  // local 03-01 23:00
            .Add("u2", Utc(3, 2, 16, 0), "a")  // local 03-03 00:00
            .Build();
        var r = table.Query().Using(engine).Retention().Periods(5).Run();
        // Last local date 03-04. u2: cohort 03-01, back on 03-03 (k=2). u1: cohort 03-02, back on 03-04 (k=2).
        Assert.Equal(2, r.Cohorts.Count);
        AssertCohort(r.Cohorts[0], D(3, 1), 1, 0, 1, 0, null);
        AssertCohort(r.Cohorts[1], D(3, 2), 1, 0, 1, null, null);
        Assert.Equal(new long?[] { 2, 0, 2, 0, null }, r.Average.Cells);
        Assert.Equal(new long?[] { 2, 2, 2, 1, null }, r.Average.CohortUsers);
        Assert.Equal(new double?[] { 1, 0, 1, 0, null }, r.Average.Fractions);
        Assert.Equal(D(3, 4), r.LastPeriodStart);

        // The same events in UTC: both users start 03-01, u1 is back on 03-02 and 03-03, u2 on 03-02.
        var utc = table.Query().Using(engine).InTimeZone("UTC").Retention().Periods(5).Run();
        Assert.Single(utc.Cohorts);
        AssertCohort(utc.Cohorts[0], D(3, 1), 2, 2, 1, null, null);
        Assert.Equal(new double?[] { 1, 1, 0.5, null, null }, utc.Cohorts[0].Fractions);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void NewYorkSpringForwardKeepsLocal2330OnItsOwnDateAndWeek(Engine engine)
    {
        // 2024-03-10 (a Sunday) 02:00 EST becomes 03:00 EDT: UTC-5 before, UTC-4 after.
        using var table = new Journeys().Zone("America/New_York")
            .Add("u1", Utc(3, 10, 4, 30), "a")  // 03-09 23:30 EST
            .Add("u1", Utc(3, 11, 3, 30), "a")  // 03-10 23:30 EDT (a fixed UTC-5 would also say 03-10, UTC says 03-11)
            .Add("u2", Utc(3, 11, 4, 30), "a")  // 03-11 00:30 EDT (a fixed UTC-5 would say 03-10 23:30)
            .Add("u2", Utc(3, 12, 3, 30), "a")  // 03-11 23:30 EDT
            .Add("u3", Utc(3, 10, 5, 30), "a")  // 03-10 00:30 EST
            .Build();
        var days = table.Query().Using(engine).Retention().Periods(4).Run();
        Assert.Equal(3, days.Cohorts.Count);
        AssertCohort(days.Cohorts[0], D(3, 9), 1, 1, 0, null);
        AssertCohort(days.Cohorts[1], D(3, 10), 1, 0, null, null);
        AssertCohort(days.Cohorts[2], D(3, 11), 1, null, null, null);

        // Weeks start Monday: 03-04..03-10 and 03-11..03-17. u1's Sunday-night event stays in the week of 03-04.
        var weeks = table.Query().Using(engine).Retention().By(CalendarPeriod.Week).Periods(3).Run();
        Assert.Equal(2, weeks.Cohorts.Count);
        AssertCohort(weeks.Cohorts[0], D(3, 4), 2, 0, null);
        AssertCohort(weeks.Cohorts[1], D(3, 11), 1, null, null);

        // In UTC u1's second event is Monday 03-11, so the week-of-03-04 cohort (u1, u3) would show a return.
        var utcWeeks = table.Query().Using(engine).InTimeZone("UTC").Retention().By(CalendarPeriod.Week).Periods(3).Run();
        AssertCohort(utcWeeks.Cohorts[0], D(3, 4), 2, 1, null);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void BerlinFallBackKeepsLocal2330OnItsOwnDateAndWeek(Engine engine)
    {
        // 2024-10-27 (a Sunday) 03:00 CEST becomes 02:00 CET: UTC+2 before, UTC+1 after.
        using var table = new Journeys().Zone("Europe/Berlin")
            .Add("u1", Utc(10, 26, 21, 30), "a") // Sat 10-26 23:30 CEST
            .Add("u1", Utc(10, 27, 22, 30), "a") // Sun 10-27 23:30 CET (a fixed UTC+2 would say Mon 10-28 00:30)
            .Add("u2", Utc(10, 20, 22, 30), "a") // Mon 10-21 00:30 CEST (UTC says Sun 10-20)
            .Add("u2", Utc(10, 27, 23, 30), "a") // Mon 10-28 00:30 CET (UTC says Sun 10-27)
            .Build();
        var weeks = table.Query().Using(engine).Retention().By(CalendarPeriod.Week).Periods(3).Run();
        Assert.Single(weeks.Cohorts);
        AssertCohort(weeks.Cohorts[0], D(10, 21), 2, 1, null);

        var days = table.Query().Using(engine).Retention().Periods(8).Run();
        Assert.Equal(2, days.Cohorts.Count);
        AssertCohort(days.Cohorts[0], D(10, 21), 1, 0, 0, 0, 0, 0, 0, 1);
        AssertCohort(days.Cohorts[1], D(10, 26), 1, 1, 0, null, null, null, null, null);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void MonthsFollowTheLocalCalendar(Engine engine)
    {
        using var table = new Journeys().Zone("Asia/Shanghai")
            .Add("u1", Utc(1, 31, 16, 30), "a") // local 02-01 00:30
            .Add("u1", Utc(3, 31, 15, 59), "a") // local 03-31 23:59
            .Add("u2", Utc(1, 15, 0, 0), "a")   // local 01-15
            .Add("u2", Utc(3, 31, 16, 0), "a")  // local 04-01 00:00
            .Build();
        var r = table.Query().Using(engine).Retention().By(CalendarPeriod.Month).Periods(5).Run();
        Assert.Equal(2, r.Cohorts.Count);
        AssertCohort(r.Cohorts[0], D(1, 1), 1, 0, 0, 1, null);
        AssertCohort(r.Cohorts[1], D(2, 1), 1, 1, 0, null, null);
        Assert.Equal(new long?[] { 2, 1, 0, 1, null }, r.Average.Cells);
        Assert.Equal(new long?[] { 2, 2, 2, 1, null }, r.Average.CohortUsers);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void CohortIsTheFirstStartEventAndOnlyLaterReturnEventsCount(Engine engine)
    {
        var t = Journeys.T0; // 2024-03-01, UTC
        using var table = new Journeys()
            .Add("u1", t, "view")
            .Add("u1", t.AddDays(1), "buy")             // before the cohort: ignored
            .Add("u1", t.AddDays(2), "signup")          // cohort 03-03
            .Add("u1", t.AddDays(2).AddHours(1), "buy") // period 0: no effect
            .Add("u1", t.AddDays(4), "buy")             // k = 2
            .Add("u1", t.AddDays(5), "view")            // not a return event
            .Add("u2", t.AddDays(3).AddHours(5), "view")
            .Add("u2", t.AddDays(2).AddHours(9), "signup") // cohort 03-03 (added out of order)
            .Add("u2", t.AddDays(3), "signup")          // a second start does not move the cohort
            .Add("u2", t.AddDays(5), "buy")             // k = 3
            .Add("u3", t, "buy")                        // never signs up: in no cohort
            .Build();
        var r = table.Query().Using(engine).Retention().StartWith("signup").ReturnWith("buy").Periods(5).Run();
        // Last event 03-06, so k = 4 (03-07) is empty.
        Assert.Single(r.Cohorts);
        AssertCohort(r.Cohorts[0], D(3, 3), 2, 0, 1, 1, null);
        Assert.Equal(new double?[] { 1, 0, 0.5, 0.5, null }, r.Cohorts[0].Fractions);

        // Any event returns: 03-04 only u2, 03-05 only u1, 03-06 both.
        var any = table.Query().Using(engine).Retention().StartWith("signup").Periods(5).Run();
        AssertCohort(any.Cohorts[0], D(3, 3), 2, 1, 1, 2, null);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void FromToFilterAppliesBeforeCohortsAndUsersOutsideVanish(Engine engine)
    {
        using var table = new Journeys()
            .Add("u1", Utc(2, 28, 12, 0), "a") // before the range: the cohort is 03-02
            .Add("u1", Utc(3, 2, 12, 0), "a")
            .Add("u1", Utc(3, 3, 12, 0), "a")
            .Add("u2", Utc(2, 27, 12, 0), "a") // only before the range
            .Add("u3", Utc(3, 5, 12, 0), "a")  // only after the range
            .Add("u4", Utc(3, 1, 12, 0), "a")
            .Add("u4", Utc(3, 5, 12, 0), "a")  // after the range: not a return, and not the end of the data
            .Build();
        var r = table.Query().Using(engine).Between(D(3, 1), D(3, 4)).Retention().Periods(4).Run();
        Assert.Equal(2, r.Cohorts.Count);
        AssertCohort(r.Cohorts[0], D(3, 1), 1, 0, 0, null);
        AssertCohort(r.Cohorts[1], D(3, 2), 1, 1, null, null);
        Assert.Equal(2, r.Average.CohortUsers[0]);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void FromToAreLocalDatesEastOfUtc(Engine engine)
    {
        using var table = new Journeys().Zone("Asia/Shanghai")
            .Add("u1", Utc(2, 29, 17, 0), "a") // local 03-01 01:00: inside
            .Add("u2", Utc(2, 29, 15, 0), "a") // local 02-29 23:00: outside
            .Add("u2", Utc(3, 4, 17, 0), "a")  // local 03-05 01:00: outside, although its UTC date is 03-04
            .Build();
        var r = table.Query().Using(engine).Between(D(3, 1), D(3, 4)).Retention().Periods(2).Run();
        Assert.Single(r.Cohorts);
        AssertCohort(r.Cohorts[0], D(3, 1), 1, null);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void PeriodDefaultsFollowThePeriodUnlessSet(Engine engine)
    {
        using var table = new Journeys().At("u", 0, "a").Build();
        Assert.Equal(14, table.Query().Using(engine).Retention().Run().Periods);
        Assert.Equal(8, table.Query().Using(engine).Retention().By(CalendarPeriod.Week).Run().Periods);
        Assert.Equal(12, table.Query().Using(engine).Retention().By(CalendarPeriod.Month).Run().Periods);
        Assert.Equal(3, table.Query().Using(engine).Retention().Periods(3).By(CalendarPeriod.Month).Run().Periods);
        var r = table.Query().Using(engine).Retention().Periods(3).Run();
        AssertCohort(r.Cohorts.Single(), D(3, 1), 1, null, null);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void BadOptionsAreRejectedWithCodes(Engine engine)
    {
        using var table = new Journeys().At("u", 0, "a").Build();
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Retention().Periods(0).Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Retention().Periods(1001).Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Retention().StartWith("").Run()).Code);
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Retention().ReturnWith("").Explain()).Code);
        Assert.Equal(ErrorCodes.UnknownTimeZone, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).InTimeZone("Mars/Base").Retention().Run()).Code);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ArrowIsLongFormatWithNullsForEmptyCells(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys()
            .Add("a", t, "x").Add("a", t.AddDays(1), "x")
            .Add("b", t.AddDays(1), "x")
            .Build();
        var batch = table.Query().Using(engine).Retention().Periods(3).Run().ToArrow();
        Assert.Equal(["cohort_start", "cohort_size", "period", "users", "fraction"], batch.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(6, batch.Length);
        var starts = (Date32Array)batch.Column(0);
        Assert.Equal(D(3, 1), starts.GetDateOnly(0));
        Assert.Equal(D(3, 2), starts.GetDateOnly(3));
        Assert.Equal(new long?[] { 1, 1, 1, 1, 1, 1 }, ((Int64Array)batch.Column(1)).ToArray());
        Assert.Equal(new int?[] { 0, 1, 2, 0, 1, 2 }, ((Int32Array)batch.Column(2)).ToArray());
        Assert.Equal(new long?[] { 1, 1, null, 1, null, null }, ((Int64Array)batch.Column(3)).ToArray());
        Assert.Equal(new double?[] { 1, 1, null, 1, null, null }, ((DoubleArray)batch.Column(4)).ToArray());
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void TextAndExplainAreReadable(Engine engine)
    {
        var t = Journeys.T0;
        using var table = new Journeys().Add("a", t, "x").Add("a", t.AddDays(1), "x").Add("b", t, "x").Build();
        var text = table.Query().Using(engine).Retention().Periods(3).Run().ToString();
        Assert.Contains("2024-03-01", text);
        Assert.Contains("100.0%", text);
        Assert.Contains("50.0%", text);
        Assert.Contains("average", text);
        var explain = table.Query().Using(engine).InTimeZone("Europe/Berlin").Retention().By(CalendarPeriod.Week).StartWith("x").Explain();
        Assert.Contains("local week starting Monday in Europe/Berlin", explain);
        Assert.Contains("$start_event", explain);
        Assert.DoesNotContain("'x'", explain);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void AStartOrReturnEventAbsentFromTheTableIsAWarning(Engine engine)
    {
        using var table = new Journeys().Add("u1", Utc(3, 1, 10, 0), "a").Add("u1", Utc(3, 2, 10, 0), "b").Build();
        var none = table.Query().Using(engine).Retention().StartWith("nosuch").Run();
        Assert.Empty(none.Cohorts);
        Assert.Equal(["warning: the start event 'nosuch' does not occur in the table, so there are no cohorts"], none.Notes);
        Assert.Contains("note: warning: the start event 'nosuch'", none.ToString());
        var back = table.Query().Using(engine).Retention().ReturnWith("gone").Run();
        Assert.Equal(["warning: the return event 'gone' does not occur in the table, so no one returns"], back.Notes);
        Assert.Empty(table.Query().Using(engine).Retention().StartWith("a").ReturnWith("b").Run().Notes);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void AWindowsZoneIdRunsOnBothEnginesAsItsIanaZone(Engine engine)
    {
        // DuckDB knows only IANA ids; the Windows id must reach it as Asia/Shanghai, with the same result as that id.
        using var table = new Journeys().Add("u1", Utc(3, 1, 17, 0), "a").Add("u1", Utc(3, 2, 15, 0), "a").Add("u2", Utc(3, 1, 15, 0), "a").Build();
        var windows = table.Query().Using(engine).InTimeZone("China Standard Time").Retention().Periods(3).Run();
        var iana = table.Query().Using(engine).InTimeZone("Asia/Shanghai").Retention().Periods(3).Run();
        Assert.Equal("Asia/Shanghai", windows.TimeZone);
        Assert.Equal(iana.ToString(), windows.ToString());
    }
}
