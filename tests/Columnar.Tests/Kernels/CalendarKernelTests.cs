using Columnar.Analytics;
using Columnar.Kernels;
using Columnar.Time;

namespace Columnar.Tests.Kernels;

/// <summary>The precomputed zone calendar against <see cref="TimeZoneInfo"/> and <see cref="DateOnly"/>, instant by instant.</summary>
public class CalendarKernelTests
{
    public static IEnumerable<object[]> Zones =>
        new[] { "UTC", "Asia/Shanghai", "Asia/Kolkata", "America/New_York", "Europe/Berlin", "Australia/Sydney", "Australia/Lord_Howe",
                "Pacific/Chatham", "America/Sao_Paulo", "Pacific/Auckland", "America/St_Johns" }.Select(z => new object[] { z });

    private static readonly long Start = TimeZones.ToMicros(new DateTime(2016, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    private static readonly long End = TimeZones.ToMicros(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));

    [Theory, MemberData(nameof(Zones))]
    public void LocalDaysAndPeriodsMatchTimeZoneInfo(string zoneId)
    {
        var zone = TimeZones.Find(zoneId);
        var calendar = ZoneCalendar.Build(zone, Start, End);
        var rng = new Random(zoneId.Length);
        var instants = Enumerable.Range(0, 3000).Select(_ => rng.NextInt64(Start, End)).ToList();
        // Every instant within a minute of each transition, where an off-by-one would show.
        for (var t = Start; t < End; t += 3_600_000_000L)
            if (zone.GetUtcOffset(TimeZones.ToDateTime(t)) != zone.GetUtcOffset(TimeZones.ToDateTime(t + 3_600_000_000L)))
                for (var s = -60; s <= 3660; s += 7) instants.Add(t + s * 1_000_000L);
        foreach (var t in instants)
        {
            var date = TimeZones.LocalDate(t, zone);
            Assert.Equal(date, CivilDays.ToDate(calendar.LocalDay(t)));
            Assert.Equal(CivilDays.FromDate(date), calendar.PeriodOf(t, CalendarPeriod.Day));
            var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
            Assert.Equal(monday, CivilDays.ToDate(CivilDays.FirstDay(calendar.PeriodOf(t, CalendarPeriod.Week), CalendarPeriod.Week)));
            Assert.Equal(new DateOnly(date.Year, date.Month, 1), CivilDays.ToDate(CivilDays.FirstDay(calendar.PeriodOf(t, CalendarPeriod.Month), CalendarPeriod.Month)));
        }
        Assert.True(calendar.Monotone);
    }

    [Theory, MemberData(nameof(Zones))]
    public void PeriodStartsAreTheFirstInstantsOfEachPeriod(string zoneId)
    {
        var zone = TimeZones.Find(zoneId);
        var calendar = ZoneCalendar.Build(zone, Start, End);
        foreach (var period in new[] { CalendarPeriod.Day, CalendarPeriod.Week, CalendarPeriod.Month })
        {
            var first = calendar.PeriodOf(Start, period);
            var last = calendar.PeriodOf(End, period);
            var starts = calendar.PeriodStarts(period, first, last);
            for (var j = 1; j < starts.Length; j++)
            {
                var p = first + j;
                var date = CivilDays.ToDate(CivilDays.FirstDay(p, period));
                Assert.Equal(TimeZones.StartOfLocalDate(date, zone), starts[j]);
                Assert.Equal(p, calendar.PeriodOf(starts[j], period));
                Assert.Equal(p - 1, calendar.PeriodOf(starts[j] - 1, period));
            }
        }
    }

    [Theory, MemberData(nameof(Zones))]
    public void RetentionPlanPeriodsMatchTheCalendar(string zoneId)
    {
        var zone = TimeZones.Find(zoneId);
        var rng = new Random(zoneId.Length + 1);
        foreach (var period in new[] { CalendarPeriod.Day, CalendarPeriod.Week, CalendarPeriod.Month })
        foreach (var span in new[] { 3_600_000_000L, 86_400_000_000L * 40, End - Start })
        {
            var min = rng.NextInt64(Start, End - span);
            var max = min + span;
            var calendar = ZoneCalendar.Build(zone, min, max);
            var (first, last) = (calendar.PeriodOf(min, period), calendar.PeriodOf(max, period));
            var plan = new RetentionPlan(period, 2, null, null, calendar, first, last, calendar.PeriodStarts(period, first, last));
            var starts = plan.PeriodStarts!;
            // Random instants, both ends, and each period start and the instant before it.
            var instants = Enumerable.Range(0, 500).Select(_ => rng.NextInt64(min, max + 1))
                .Concat([min, max]).Concat(starts.Where(s => s > min && s <= max).SelectMany(s => new[] { s, s - 1 }));
            foreach (var t in instants) Assert.Equal(calendar.PeriodOf(t, period), plan.PeriodOf(t));
        }
    }

    [Fact]
    public void ABackwardJumpAcrossMidnightIsDetectedAsNotMonotone()
    {
        // Daylight time +2 h ends at 00:30 local, back to 22:30 of the previous day: local days go backwards.
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2000, 1, 1), new DateTime(2040, 12, 31), TimeSpan.FromHours(2),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 4, 1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 0, 30, 0), 10, 1));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test/Backwards", TimeSpan.Zero, "backwards", "backwards", "backwards daylight", [rule]);
        var calendar = ZoneCalendar.Build(zone, Start, End);
        Assert.False(calendar.Monotone);
        var rng = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var t = rng.NextInt64(Start, End);
            Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(TimeZones.ToDateTime(t), zone)), CivilDays.ToDate(calendar.LocalDay(t)));
        }
    }

    [Fact]
    public void CivilDaysRoundTripDateOnly()
    {
        for (var d = new DateOnly(1600, 1, 1); d < new DateOnly(2400, 1, 1); d = d.AddDays(13))
        {
            var days = CivilDays.FromDate(d);
            Assert.Equal(d.DayNumber - new DateOnly(1970, 1, 1).DayNumber, days);
            Assert.Equal((d.Year, d.Month, d.Day), CivilDays.ToCivil(days));
            Assert.Equal(days, CivilDays.FromCivil(d.Year, d.Month, d.Day));
        }
        Assert.Equal(-1, CivilDays.FloorDiv(-1, 7));
        Assert.Equal(-1, CivilDays.FloorDiv(-7, 7));
        Assert.Equal(-2, CivilDays.FloorDiv(-8, 7));
        Assert.Equal(1, CivilDays.FloorDiv(7, 7));
    }
}
