using System.Globalization;
using Apache.Arrow;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>Typed per-row reads of one property column for governance checks: text, canonical text, and a number where there is one.</summary>
internal sealed class ColumnValues
{
    private readonly PropertyColumn _column;
    private readonly int[]? _codes;
    private readonly StringArray? _dict;
    private readonly long[]? _longs;
    private readonly double[]? _doubles;

    public ColumnValues(PropertyColumn column)
    {
        _column = column;
        switch (column.Type)
        {
            case PropertyType.String:
                _codes = column.Codes.ToArray();
                _dict = column.DictionaryValues;
                break;
            case PropertyType.Int64:
                _longs = ((Int64Array)column.Data).Values.ToArray();
                break;
            case PropertyType.Timestamp:
                _longs = ((TimestampArray)column.Data).Values.ToArray();
                break;
            case PropertyType.Double:
                _doubles = ((DoubleArray)column.Data).Values.ToArray();
                break;
        }
    }

    public PropertyType Type => _column.Type;

    public bool IsNull(int row) => _column.Data.IsNull(row);

    /// <summary>The dictionary code of a string value (equal strings, equal codes).</summary>
    public int Code(int row) => _codes![row];

    /// <summary>The string value of a string column.</summary>
    public string String(int row) => _dict!.GetString(_codes![row]);

    public long Long(int row) => _longs![row];

    public double Double(int row) => _doubles![row];

    public decimal Decimal(int row) => ((Decimal128Array)_column.Data).GetValue(row)!.Value;

    public bool Bool(int row) => ((BooleanArray)_column.Data).GetValue(row)!.Value;

    /// <summary>The value as text (invariant; timestamps as ISO 8601 UTC).</summary>
    public string Text(int row) => Type switch
    {
        PropertyType.String => String(row),
        PropertyType.Int64 => Long(row).ToString(CultureInfo.InvariantCulture),
        PropertyType.Double => Double(row).ToString("R", CultureInfo.InvariantCulture),
        PropertyType.Decimal => PlanValues.Number(Decimal(row)),
        PropertyType.Bool => Bool(row) ? "true" : "false",
        PropertyType.Timestamp => Time.TimeZones.ToDateTime(Long(row)).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
        _ => "",
    };

    /// <summary>
    /// The value read as <paramref name="declared"/>: its canonical text and, for numeric types, its number; false when the stored
    /// value is not of that type (a string that does not parse, a fractional double declared int64, a bool declared numeric...).
    /// </summary>
    public bool TryAs(int row, PropertyType declared, out string canonical, out decimal? number)
    {
        number = null;
        canonical = "";
        if (declared == PropertyType.String)
        {
            canonical = Text(row);
            return true;
        }
        if (Type == PropertyType.String)
        {
            var c = PlanValues.Canonical(String(row), declared);
            if (c is null) return false;
            canonical = c;
            if (declared is PropertyType.Int64 or PropertyType.Double or PropertyType.Decimal) number = decimal.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture);
            return true;
        }
        switch (declared)
        {
            case PropertyType.Int64:
            case PropertyType.Double:
            case PropertyType.Decimal:
                decimal value;
                switch (Type)
                {
                    case PropertyType.Int64: value = Long(row); break;
                    case PropertyType.Decimal: value = Decimal(row); break;
                    case PropertyType.Double:
                        var d = Double(row);
                        if (!double.IsFinite(d) || Math.Abs(d) > 7.9e28) return declared == PropertyType.Double && double.IsFinite(d);
                        value = (decimal)d;
                        break;
                    default: return false;
                }
                if (declared == PropertyType.Int64 && value != decimal.Truncate(value)) return false;
                number = value;
                canonical = PlanValues.Number(value);
                return true;
            case PropertyType.Bool:
                if (Type == PropertyType.Bool) { canonical = Text(row); return true; }
                if (Type == PropertyType.Int64 && Long(row) is 0 or 1) { canonical = Long(row) == 1 ? "true" : "false"; return true; }
                return false;
            case PropertyType.Timestamp:
                if (Type != PropertyType.Timestamp) return false;
                canonical = Text(row);
                return true;
            default:
                return false;
        }
    }
}
