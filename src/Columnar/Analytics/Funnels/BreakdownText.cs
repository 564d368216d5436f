using System.Globalization;
using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Analytics.Funnels;

/// <summary>
/// A property value as text exactly as DuckDB's <c>CAST(x AS VARCHAR)</c> writes it, so the kernel engine labels breakdown
/// rows the way the SQL engine does: int64 as digits, bool as <c>true</c>/<c>false</c>, timestamps as
/// <c>yyyy-MM-dd HH:mm:ss</c> with the fraction of a second trimmed of trailing zeros, decimals with exactly the column's
/// scale, and doubles as the shortest round-trip digits in Python's <c>repr</c> style (<c>3.0</c>, <c>1e+16</c>, <c>1e-05</c>).
/// </summary>
internal static class BreakdownText
{
    /// <summary>The value of <paramref name="column"/> at <paramref name="row"/> as DuckDB text, or null.</summary>
    public static string? Format(PropertyColumn column, int row)
    {
        if (column.IsNull(row)) return null;
        return column.Type switch
        {
            PropertyType.String => column.GetString(row),
            PropertyType.Int64 => ((Int64Array)column.Data).Values[row].ToString(CultureInfo.InvariantCulture),
            PropertyType.Bool => ((BooleanArray)column.Data).GetValue(row)!.Value ? "true" : "false",
            PropertyType.Timestamp => Timestamp(((TimestampArray)column.Data).Values[row]),
            PropertyType.Double => Double(((DoubleArray)column.Data).Values[row]),
            PropertyType.Decimal => ((Decimal128Array)column.Data).GetValue(row)!.Value
                .ToString("F" + ((Apache.Arrow.Types.Decimal128Type)column.Data.Data.DataType).Scale, CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"unknown property type {column.Type}"),
        };
    }

    /// <summary>A UTC timestamp in µs as DuckDB prints a TIMESTAMP.</summary>
    public static string Timestamp(long micros)
    {
        var d = Time.TimeZones.ToDateTime(micros);
        var text = d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = (int)(((micros % 1_000_000) + 1_000_000) % 1_000_000);
        return fraction == 0 ? text : text + "." + fraction.ToString("D6", CultureInfo.InvariantCulture).TrimEnd('0');
    }

    /// <summary>A double as DuckDB prints it: shortest round-trip digits, fixed notation for decimal exponents −4..15.</summary>
    public static string Double(double v)
    {
        if (double.IsNaN(v)) return double.IsNegative(v) ? "-nan" : "nan"; // DuckDB keeps the sign bit (.NET's NaN has it set)
        if (double.IsInfinity(v)) return v > 0 ? "inf" : "-inf";
        var negative = v < 0 || (v == 0 && double.IsNegative(v));
        var r = Math.Abs(v).ToString("R", CultureInfo.InvariantCulture);
        // Split .NET's output into significant digits and the exponent of the first digit.
        var e = r.IndexOf('E');
        var mantissa = e < 0 ? r : r[..e];
        var exponent = e < 0 ? 0 : int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var intPart = point < 0 ? mantissa : mantissa[..point];
        var fracPart = point < 0 ? "" : mantissa[(point + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        int leading = (intPart + fracPart).Length - digits.Length;
        exponent += intPart.Length - 1 - leading;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0) return negative ? "-0.0" : "0.0";
        string body;
        if (exponent is >= -4 and < 16)
        {
            if (exponent >= 0)
            {
                var whole = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
                var frac = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
                body = whole + "." + frac;
            }
            else
            {
                body = "0." + new string('0', -exponent - 1) + digits;
            }
        }
        else
        {
            body = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (exponent < 0 ? "-" : "+")
                   + Math.Abs(exponent).ToString("D2", CultureInfo.InvariantCulture);
        }
        return negative ? "-" + body : body;
    }
}
