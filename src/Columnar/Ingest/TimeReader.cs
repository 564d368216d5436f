using System.Globalization;
using Columnar.Time;

namespace Columnar.Ingest;

/// <summary>
/// Reads the time column into µs since the Unix epoch, UTC. Epoch formats accept integers (and decimal fractions in text);
/// patterns and ISO 8601 accept text. Text without a zone or offset, and dates, are local times in <see cref="Zone"/>;
/// a local time in a DST gap is read with the offset in force before the gap, and an ambiguous one with the standard offset.
/// Native timestamps are taken as they are.
/// </summary>
internal sealed class TimeReader
{
    private enum Mode { EpochSeconds, EpochMillis, EpochMicros, Iso, Pattern }

    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd HH:mmK", "yyyy-MM-ddK",
    ];

    private readonly Mode _mode;
    private readonly string? _pattern;
    private readonly long _factor;
    private readonly char[] _lastText = new char[64];
    private int _lastLength = -1;
    private long _lastValue;

    public TimeReader(string? format, TimeZoneInfo zone)
    {
        Zone = zone;
        Format = string.IsNullOrWhiteSpace(format) ? "iso" : format.Trim();
        (_mode, _factor) = Format switch
        {
            "epoch-s" => (Mode.EpochSeconds, 1_000_000L),
            "epoch-ms" => (Mode.EpochMillis, 1_000L),
            "epoch-us" => (Mode.EpochMicros, 1L),
            "iso" => (Mode.Iso, 0L),
            _ => (Mode.Pattern, 0L),
        };
        if (_mode == Mode.Pattern && Format.StartsWith("epoch", StringComparison.OrdinalIgnoreCase))
            throw new ColumnarException(ErrorCodes.BadMapping, $"unknown time-format '{Format}' (epoch formats: epoch-s, epoch-ms, epoch-us)");
        if (_mode == Mode.Pattern)
        {
            _pattern = Format;
            if (!IsDatePattern(_pattern))
                throw new ColumnarException(ErrorCodes.BadMapping,
                    $"time-format '{Format}' is neither epoch-s, epoch-ms, epoch-us, iso nor a date pattern with year, month and day (such as yyyy-MM-dd HH:mm:ss)");
        }
    }

    /// <summary>
    /// True when <paramref name="pattern"/> is a .NET custom date pattern with a year (y), month (M) and day (d) outside quoted
    /// literals, and a sample time written with it reads back. Any text is a valid .NET pattern ("bogus" formats as era and
    /// seconds), so without this a typo would fail every row instead of the mapping.
    /// </summary>
    internal static bool IsDatePattern(string pattern)
    {
        var fields = new System.Text.StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\') i++;
            else if (c is '\'' or '"')
            {
                var end = pattern.IndexOf(c, i + 1);
                if (end < 0) return false;
                i = end;
            }
            else fields.Append(c);
        }
        var f = fields.ToString();
        if (!f.Contains('y') || !f.Contains('M') || !f.Contains('d')) return false;
        try
        {
            var sample = new DateTime(2024, 11, 23, 13, 7, 5).ToString(pattern, CultureInfo.InvariantCulture);
            return DateTime.TryParseExact(sample, pattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The time format as written in the mapping.</summary>
    public string Format { get; }

    /// <summary>The zone of zone-less text times and dates.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>
    /// Reads the time of <paramref name="row"/> as µs UTC; false when it cannot be parsed or lies outside the supported range
    /// (<see cref="TimeZones.MinEventMicros"/> to <see cref="TimeZones.MaxEventMicros"/>). <see cref="Problem"/> says which.
    /// </summary>
    public bool TryRead(RowSource row, int col, out long micros) => TryReadAny(row, col, out micros) && TimeZones.IsSupported(micros);

    /// <summary>Why <see cref="TryRead"/> failed on <paramref name="row"/>: unparsable, or parsed to a year outside the supported range.</summary>
    public string Problem(RowSource row, int col)
    {
        if (TryReadAny(row, col, out var micros))
            return OutOfRange(row.Text(col).ToString(), micros, row.Kind(col) is FieldKind.Timestamp or FieldKind.Date);
        // An epoch number too large to scale to µs is out of range too.
        if (_mode is not (Mode.Iso or Mode.Pattern) && row.Kind(col) is not (FieldKind.Timestamp or FieldKind.Date)
            && decimal.TryParse(row.Text(col), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && Math.Abs(value) < 1e22m)
        {
            var scaled = value * _factor;
            if (scaled < TimeZones.MinEventMicros || scaled > TimeZones.MaxEventMicros)
                return OutOfRange(row.Text(col).ToString(), scaled, native: false);
            // A number in range that still did not read: spaces around it, an exponent, a '+' (an epoch time is plain digits).
            return $"cannot parse '{row.Text(col)}' as {Format}: write an epoch time as a plain number (no spaces or exponent)";
        }
        return $"cannot parse '{row.Text(col)}' as {Format}";
    }

    /// <summary>
    /// The reason for a time <paramref name="micros"/> outside the supported range, with a hint when a finer epoch unit would
    /// bring it in range (milliseconds read as seconds land tens of thousands of years on). <paramref name="native"/>: a typed
    /// timestamp or date, which the time-format does not apply to.
    /// </summary>
    internal string OutOfRange(string text, decimal micros, bool native)
    {
        var epoch = !native && _mode is not (Mode.Iso or Mode.Pattern);
        var reason = $"'{text}' is year {TimeZones.YearOf(micros)}{(epoch ? $" as {Format}" : "")}, outside the supported years 1000 to 9998";
        // Only too-late times get a hint: a finer unit read as a coarser one is far in the future, never in the past.
        if (!epoch || micros <= TimeZones.MaxEventMicros) return reason;
        if (_mode == Mode.EpochSeconds && micros / 1_000 <= TimeZones.MaxEventMicros) return reason + "; is the time-format epoch-ms?";
        if (_mode == Mode.EpochSeconds && micros / 1_000_000 <= TimeZones.MaxEventMicros) return reason + "; is the time-format epoch-us?";
        if (_mode == Mode.EpochMillis && micros / 1_000 <= TimeZones.MaxEventMicros) return reason + "; is the time-format epoch-us?";
        if (micros / _factor / 1_000 <= TimeZones.MaxEventMicros)
            return reason + "; are these epoch nanoseconds? epoch-ns is not supported: divide by 1000 and use epoch-us";
        return reason;
    }

    private bool TryReadAny(RowSource row, int col, out long micros)
    {
        micros = 0;
        switch (row.Kind(col))
        {
            case FieldKind.Timestamp: micros = row.Temporal(col); return true;
            case FieldKind.Date:
                var days = row.Temporal(col);
                if (days is < -719_162 or > 2_932_896) return false; // outside 0001-01-01..9999-12-31
                micros = LocalToMicros(DateTime.UnixEpoch.AddDays(days), Zone);
                return true;
            case FieldKind.Int64:
                if (_mode is Mode.Iso or Mode.Pattern) return false;
                return TryScale(row.Int64(col), out micros);
            case FieldKind.Double:
                if (_mode is Mode.Iso or Mode.Pattern) return false;
                var scaled = Math.Floor(row.Double(col) * _factor);
                if (!double.IsFinite(scaled) || Math.Abs(scaled) > 9.2e18) return false;
                micros = (long)scaled;
                return true;
            case FieldKind.Decimal:
                if (_mode is Mode.Iso or Mode.Pattern) return false;
                return TryScale(row.Decimal(col), out micros);
            case FieldKind.Text:
                return TryText(row.Text(col), out micros);
            default:
                return false;
        }
    }

    private bool TryScale(long value, out long micros)
    {
        micros = 0;
        if (value > long.MaxValue / _factor || value < long.MinValue / _factor) return false;
        micros = value * _factor;
        return true;
    }

    private bool TryScale(decimal value, out long micros)
    {
        micros = 0;
        try
        {
            var v = decimal.Floor(value * _factor);
            if (v < long.MinValue || v > long.MaxValue) return false;
            micros = (long)v;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    private bool TryText(ReadOnlySpan<char> text, out long micros)
    {
        if (_mode is Mode.EpochSeconds or Mode.EpochMillis or Mode.EpochMicros)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return TryScale(whole, out micros);
            micros = 0;
            return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var frac)
                   && TryScale(frac, out micros);
        }
        // Text times repeat a lot (same second, same day): remember the last one.
        if (_lastLength == text.Length && text.SequenceEqual(_lastText.AsSpan(0, _lastLength)))
        {
            micros = _lastValue;
            return true;
        }
        const DateTimeStyles styles = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowLeadingWhite | DateTimeStyles.AllowTrailingWhite;
        var ok = _mode == Mode.Iso
            ? DateTime.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, styles, out var dt)
            : DateTime.TryParseExact(text, _pattern, CultureInfo.InvariantCulture, styles, out dt);
        if (!ok)
        {
            micros = 0;
            return false;
        }
        micros = dt.Kind == DateTimeKind.Utc ? TicksToMicros(dt.Ticks) : LocalToMicros(dt, Zone);
        if (text.Length <= _lastText.Length)
        {
            text.CopyTo(_lastText);
            _lastLength = text.Length;
            _lastValue = micros;
        }
        return true;
    }

    private static long TicksToMicros(long ticks) => Math.DivRem(ticks - DateTime.UnixEpoch.Ticks, 10, out var r) - (r < 0 ? 1 : 0);

    /// <summary>A wall-clock time in <paramref name="zone"/> as µs UTC.</summary>
    internal static long LocalToMicros(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone == TimeZoneInfo.Utc) return TicksToMicros(local.Ticks);
        var probe = local;
        // In a DST gap, use the offset in force just before it.
        for (var i = 0; i < 48 && zone.IsInvalidTime(probe); i++) probe = probe.AddMinutes(-30);
        var offset = zone.GetUtcOffset(probe);
        return TicksToMicros(local.Ticks - offset.Ticks);
    }

    /// <summary>Finds a zone id as <see cref="TimeZones.Find"/> does.</summary>
    internal static TimeZoneInfo FindZone(string id) => TimeZones.Find(id);
}
