namespace Columnar.Kernels;

/// <summary>
/// Proleptic Gregorian dates as day numbers (days since 1970-01-01) and calendar periods over them: the day itself, weeks
/// starting Monday (week 0 starts on Monday 1970-01-05) and months numbered year·12 + month − 1, so period p + k is k periods after p.
/// </summary>
internal static class CivilDays
{
    /// <summary><see cref="DateOnly.DayNumber"/> of 1970-01-01.</summary>
    private const int EpochDayNumber = 719_162;

    public static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a ^ b) < 0) ? q - 1 : q;
    }

    /// <summary>The day number of a civil date (month 1..12).</summary>
    public static int FromCivil(int year, int month, int day)
    {
        var y = month <= 2 ? year - 1 : year;
        var era = (y >= 0 ? y : y - 399) / 400;
        var yoe = y - era * 400;
        var doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        var doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /// <summary>The civil date of a day number.</summary>
    public static (int Year, int Month, int Day) ToCivil(int days)
    {
        var z = days + 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - era * 146_097;
        var yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = doy - (153 * mp + 2) / 5 + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
    }

    public static DateOnly ToDate(int days) => DateOnly.FromDayNumber(days + EpochDayNumber);

    public static int FromDate(DateOnly date) => date.DayNumber - EpochDayNumber;

    /// <summary>The period containing day <paramref name="days"/>.</summary>
    public static int PeriodOf(int days, Analytics.CalendarPeriod period) => period switch
    {
        Analytics.CalendarPeriod.Day => days,
        Analytics.CalendarPeriod.Week => (int)FloorDiv(days - 4, 7),
        _ => MonthOf(days),
    };

    /// <summary>The first day of period <paramref name="p"/>.</summary>
    public static int FirstDay(int p, Analytics.CalendarPeriod period) => period switch
    {
        Analytics.CalendarPeriod.Day => p,
        Analytics.CalendarPeriod.Week => 4 + 7 * p,
        _ => FromCivil((int)FloorDiv(p, 12), (int)(p - 12 * FloorDiv(p, 12)) + 1, 1),
    };

    private static int MonthOf(int days)
    {
        var (y, m, _) = ToCivil(days);
        return y * 12 + m - 1;
    }
}
