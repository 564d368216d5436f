using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Native;

namespace Columnar.Sql;

/// <summary>
/// Text for the DuckDB values the Arrow result holds as strings: lists, arrays, structs and maps in DuckDB's own notation
/// (<c>[1, 2]</c>, <c>{'a': 1}</c>, <c>{k=v}</c>) or as JSON; blobs as <c>\xHH</c> for every byte (hex, which DuckDB reads back
/// with <c>::BLOB</c>); intervals as DuckDB writes them (<c>1 year 2 months 3 days 01:30:00</c>).
/// </summary>
internal static class SqlValueText
{
    /// <summary>DuckDB's text for <paramref name="value"/>; strings at the top level are bare, as in DuckDB's casts to VARCHAR, and
    /// scalars inside a list, struct or map are quoted as DuckDB quotes them (<see cref="Quoted"/>).</summary>
    public static string Text(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, nested: false);
        return sb.ToString();
    }

    /// <summary>
    /// A scalar's text inside a nested value as DuckDB's CAST(… AS VARCHAR) writes it: in single quotes, with <c>'</c> and
    /// <c>\</c> escaped by a backslash, when it is empty, starts or ends with white space, reads <c>null</c> in any case, or holds
    /// one of <c>"'(),:=[]{}</c>; bare otherwise. So <c>['a''b', '', NULL, 'NULL']</c> reads <c>['a\'b', '', NULL, 'NULL']</c>.
    /// </summary>
    public static string Quoted(string s)
    {
        var quote = s.Length == 0 || IsSpace(s[0]) || (s.Length >= 2 && IsSpace(s[^1])) || s.Equals("null", StringComparison.OrdinalIgnoreCase)
            || s.AsSpan().IndexOfAny("\"'(),:=[]{}") >= 0;
        return quote ? QuotedAlways(s) : s;
    }

    /// <summary>In single quotes with <c>'</c> and <c>\</c> escaped by a backslash, as DuckDB writes struct field names.</summary>
    private static string QuotedAlways(string s) =>
        "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>C's isspace, which DuckDB uses.</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    /// <summary>The value as JSON text: lists and arrays as arrays, structs and maps as objects (map keys as their text).</summary>
    public static string Json(object? value)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            WriteJson(w, value);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string Blob(Stream stream)
    {
        var sb = new StringBuilder();
        int b;
        while ((b = stream.ReadByte()) >= 0) sb.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
        return sb.ToString();
    }

    /// <summary>DuckDB's interval text: years and months, days, then the time of day part when not zero.</summary>
    public static string Interval(DuckDBInterval i)
    {
        long months = i.Months, days = i.Days, micros = unchecked((long)i.Micros);
        var parts = new List<string>();
        void Unit(long n, string unit)
        {
            if (n != 0) parts.Add($"{n.ToString(CultureInfo.InvariantCulture)} {unit}{(Math.Abs(n) == 1 ? "" : "s")}");
        }
        Unit(months / 12, "year");
        Unit(months % 12, "month");
        Unit(days, "day");
        if (micros != 0 || parts.Count == 0)
        {
            var m = Math.Abs(micros);
            var time = $"{m / 3_600_000_000:00}:{m / 60_000_000 % 60:00}:{m / 1_000_000 % 60:00}";
            if (m % 1_000_000 != 0) time += "." + (m % 1_000_000).ToString("000000", CultureInfo.InvariantCulture).TrimEnd('0');
            parts.Add((micros < 0 ? "-" : "") + time);
        }
        return string.Join(' ', parts);
    }

    private static bool IsStruct(object d) => d.GetType() is { IsGenericType: true } t && t.GetGenericArguments() is [var k, var v] && k == typeof(string) && v == typeof(object);

    private static void Write(StringBuilder sb, object? value, bool nested)
    {
        switch (value)
        {
            case null or DBNull: sb.Append("NULL"); break;
            case string s: sb.Append(nested ? Quoted(s) : s); break;
            case IDictionary d when IsStruct(d):
                sb.Append('{');
                var first = true;
                foreach (DictionaryEntry e in d)
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    sb.Append(QuotedAlways((string)e.Key)).Append(": ");
                    Write(sb, e.Value, nested: true);
                }
                sb.Append('}');
                break;
            case IDictionary d:
                sb.Append('{');
                var firstPair = true;
                foreach (DictionaryEntry e in d)
                {
                    if (!firstPair) sb.Append(", ");
                    firstPair = false;
                    Write(sb, e.Key, nested: true);
                    sb.Append('=');
                    Write(sb, e.Value, nested: true);
                }
                sb.Append('}');
                break;
            case Stream blob: sb.Append(nested ? Quoted(Blob(blob)) : Blob(blob)); break;
            case byte[] bytes: sb.Append(nested ? Quoted(Blob(new MemoryStream(bytes))) : Blob(new MemoryStream(bytes))); break;
            case IEnumerable list:
                sb.Append('[');
                var firstItem = true;
                foreach (var item in list)
                {
                    if (!firstItem) sb.Append(", ");
                    firstItem = false;
                    Write(sb, item, nested: true);
                }
                sb.Append(']');
                break;
            default: sb.Append(nested ? Quoted(Scalar(value)) : Scalar(value)); break;
        }
    }

    private static void WriteJson(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null or DBNull: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case sbyte or byte or short or ushort or int or uint or long or ulong or decimal or BigInteger: w.WriteRawValue(Scalar(value)); break;
            case float or double:
                var d = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                if (double.IsFinite(d)) w.WriteRawValue(d.ToString("R", CultureInfo.InvariantCulture));
                else w.WriteStringValue(Scalar(value));
                break;
            case IDictionary dict:
                w.WriteStartObject();
                foreach (DictionaryEntry e in dict)
                {
                    w.WritePropertyName(e.Key as string ?? Text(e.Key));
                    WriteJson(w, e.Value);
                }
                w.WriteEndObject();
                break;
            case Stream or byte[]: w.WriteStringValue(Text(value)); break;
            case IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list) WriteJson(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Scalar(value)); break;
        }
    }

    private static string Scalar(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.ToString(t.TimeOfDay.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff'+00'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DuckDBInterval i => Interval(i),
        TimeSpan s => Interval(new DuckDBInterval(0, s.Days, unchecked((ulong)((s.Ticks - s.Days * TimeSpan.TicksPerDay) / 10)))),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
