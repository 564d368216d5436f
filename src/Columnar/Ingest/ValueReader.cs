using System.Globalization;

namespace Columnar.Ingest;

/// <summary>Typed reads of one field, from native values or from text (invariant culture). Each returns false for bad input.</summary>
internal static class ValueReader
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static bool TryInt64(RowSource row, int col, out long value)
    {
        value = 0;
        switch (row.Kind(col))
        {
            case FieldKind.Int64: value = row.Int64(col); return true;
            case FieldKind.Text: return long.TryParse(row.Text(col), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            case FieldKind.Double:
                var d = row.Double(col);
                if (d != Math.Floor(d) || d < long.MinValue || d >= 9.2233720368547758E18) return false;
                value = (long)d;
                return true;
            case FieldKind.Decimal:
                var m = row.Decimal(col);
                if (m != decimal.Truncate(m) || m < long.MinValue || m > long.MaxValue) return false;
                value = (long)m;
                return true;
            default: return false;
        }
    }

    public static bool TryDouble(RowSource row, int col, out double value)
    {
        value = 0;
        switch (row.Kind(col))
        {
            case FieldKind.Double: value = row.Double(col); return true;
            case FieldKind.Int64: value = row.Int64(col); return true;
            case FieldKind.Decimal: value = (double)row.Decimal(col); return true;
            case FieldKind.Text: return double.TryParse(row.Text(col), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default: return false;
        }
    }

    /// <summary>Exact decimal: text is parsed digit for digit ("22.200000000000003" stays exact); a double goes through its shortest round-trip text.</summary>
    public static bool TryDecimal(RowSource row, int col, out decimal value)
    {
        value = 0;
        switch (row.Kind(col))
        {
            case FieldKind.Decimal: value = row.Decimal(col); return true;
            case FieldKind.Int64: value = row.Int64(col); return true;
            case FieldKind.Double:
                var d = row.Double(col);
                return double.IsFinite(d) && decimal.TryParse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            case FieldKind.Text: return decimal.TryParse(row.Text(col), DecimalStyle, CultureInfo.InvariantCulture, out value);
            default: return false;
        }
    }

    /// <summary>true/false, 1/0, t/f, yes/no, case-insensitive.</summary>
    public static bool TryBool(RowSource row, int col, out bool value)
    {
        value = false;
        switch (row.Kind(col))
        {
            case FieldKind.Bool: value = row.Bool(col); return true;
            case FieldKind.Int64:
                var i = row.Int64(col);
                value = i != 0;
                return i is 0 or 1;
            case FieldKind.Text:
                var t = row.Text(col).Trim();
                if (t.Equals("true", StringComparison.OrdinalIgnoreCase) || t.SequenceEqual("1") || t.Equals("t", StringComparison.OrdinalIgnoreCase)
                    || t.Equals("yes", StringComparison.OrdinalIgnoreCase)) { value = true; return true; }
                return t.Equals("false", StringComparison.OrdinalIgnoreCase) || t.SequenceEqual("0") || t.Equals("f", StringComparison.OrdinalIgnoreCase)
                       || t.Equals("no", StringComparison.OrdinalIgnoreCase);
            default: return false;
        }
    }

    /// <summary>
    /// An integer user id: a native integer, or text that is an integer with optional leading zeros (CDNOW's <c>00001</c> is 1)
    /// and an optional all-zero fraction (UCI's <c>12923.0</c> is 12923).
    /// </summary>
    public static bool TryUserId(RowSource row, int col, out long value)
    {
        if (row.Kind(col) != FieldKind.Text) return TryInt64(row, col, out value);
        return TryUserIdText(row.Text(col), out value);
    }

    /// <summary>The text rule of <see cref="TryUserId"/>: an integer with optional leading zeros and an optional all-zero fraction.</summary>
    public static bool TryUserIdText(ReadOnlySpan<char> t, out long value)
    {
        var dot = t.IndexOf('.');
        if (dot >= 0)
        {
            foreach (var ch in t[(dot + 1)..]) if (ch != '0') { value = 0; return false; }
            t = t[..dot];
        }
        return long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
