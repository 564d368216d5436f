using System.Globalization;
using Apache.Arrow;
using Columnar.Sql;
using Columnar.Storage;
using Columnar.Time;

namespace Columnar.Query;

/// <summary>
/// An <see cref="EventFilter"/> resolved against a table: the column is found and the values are coerced to its type once.
/// It compiles to a SQL predicate with bound parameters (for the DuckDB engine) and clears failing rows of a
/// <see cref="RowMask"/> (for the kernels). Both follow SQL semantics: a null property fails every test but IS NULL.
/// </summary>
internal sealed class RowFilter
{
    private readonly EventFilter _filter;
    private readonly PropertyColumn? _column;
    private readonly object[] _values;
    private readonly object? _min, _max;

    private RowFilter(EventFilter filter, PropertyColumn? column, object[] values, object? min, object? max)
    {
        _filter = filter;
        _column = column;
        _values = values;
        _min = min;
        _max = max;
    }

    /// <exception cref="ColumnarException">ANA0002 for an unknown property; ANA0001 for a value of the wrong type or a range on an unordered type.</exception>
    public static RowFilter Resolve(EventTable table, EventFilter f)
    {
        if (f.Kind == FilterKind.EventIn) return new RowFilter(f, null, f.Values.ToArray(), null, null);
        var column = table.Property(f.Property!) ?? throw new ColumnarException(ErrorCodes.UnknownProperty,
            $"filter on unknown property '{f.Property}' (properties: {string.Join(", ", table.Properties.Select(p => p.Name))})", column: f.Property);
        if (f.Kind == FilterKind.Range && column.Type is PropertyType.String or PropertyType.Bool)
            throw new ColumnarException(ErrorCodes.BadOption, $"a range filter needs a numeric or timestamp property; '{column.Name}' is {column.Type}", column: column.Name);
        var values = f.Values.Select(v => Coerce(column, v)).ToArray();
        return new RowFilter(f, column, values, f.Min is null ? null : Coerce(column, f.Min), f.Max is null ? null : Coerce(column, f.Max));
    }

    private static object Coerce(PropertyColumn column, object value)
    {
        object? result = (column.Type, value) switch
        {
            (PropertyType.String, string s) => s,
            (PropertyType.Bool, bool b) => b,
            (PropertyType.Int64, long or int or short or sbyte or uint or ushort or byte) => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            (PropertyType.Double, double or float or long or int or short or decimal) => Convert.ToDouble(value, CultureInfo.InvariantCulture),
            (PropertyType.Decimal, decimal or long or int or short) => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            (PropertyType.Timestamp, DateTime d) => TimeZones.ToMicros(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d),
            (PropertyType.Timestamp, DateTimeOffset o) => TimeZones.ToMicros(o.UtcDateTime),
            _ => null,
        };
        if (result is null)
            throw new ColumnarException(ErrorCodes.BadOption, $"filter value {EventFilter.Show(value)} ({value.GetType().Name}) does not fit property '{column.Name}' of type {column.Type}", column: column.Name);
        return result;
    }

    /// <summary>The filter in readable form.</summary>
    public override string ToString() => _filter.ToString();

    private static int Scale(PropertyColumn c) => ((Apache.Arrow.Types.Decimal128Type)c.Data.Data.DataType).Scale;

    /// <summary>The SQL predicate over <c>events</c>, adding its parameters as <c>filter_{index}_{k}</c>.</summary>
    public string Sql(Dictionary<string, object?> parameters, int index)
    {
        var k = 0;
        // Compare decimals exactly at the larger of the column's and the values' scales (widening the column is exact).
        var scale = _column?.Type == PropertyType.Decimal
            ? _values.Append(_min).Append(_max).OfType<decimal>().Select(m => (int)m.Scale).Append(Scale(_column)).Max()
            : 0;
        string Param(object v)
        {
            var name = $"filter_{index}_{k++}";
            parameters[name] = v switch
            {
                long micros when _column?.Type == PropertyType.Timestamp => TimeZones.ToDateTime(micros),
                decimal m => m.ToString(CultureInfo.InvariantCulture),
                _ => v,
            };
            return _column?.Type switch
            {
                PropertyType.Decimal => $"CAST(${name} AS DECIMAL(38, {scale}))",
                PropertyType.Timestamp => $"CAST(${name} AS TIMESTAMP)",
                PropertyType.Double => $"CAST(${name} AS DOUBLE)",
                PropertyType.Int64 => $"CAST(${name} AS BIGINT)",
                PropertyType.Bool => $"CAST(${name} AS BOOLEAN)",
                _ => $"CAST(${name} AS VARCHAR)",
            };
        }
        var col = _column is null ? "\"event\"" : SqlText.Ident(_column.Name);
        if (_column?.Type == PropertyType.Decimal && scale > Scale(_column)) col = $"CAST({col} AS DECIMAL(38, {scale}))";
        return _filter.Kind switch
        {
            FilterKind.EventIn or FilterKind.In => _values.Length == 0 ? "FALSE" : $"{col} IN ({string.Join(", ", _values.Select(Param))})",
            FilterKind.Equal => $"{col} = {Param(_values[0])}",
            FilterKind.NotEqual => $"{col} <> {Param(_values[0])}",
            FilterKind.Range => (_min, _max) switch
            {
                (null, null) => $"{col} IS NOT NULL",
                (null, { } hi) => $"{col} <= {Param(hi)}",
                ({ } lo, null) => $"{col} >= {Param(lo)}",
                ({ } lo, { } hi) => $"{col} BETWEEN {Param(lo)} AND {Param(hi)}",
            },
            FilterKind.IsNull => $"{col} IS NULL",
            _ => $"{col} IS NOT NULL",
        };
    }

    /// <summary>Clears the bit of every row that fails this filter.</summary>
    public void Apply(EventTable table, RowMask mask)
    {
        if (_column is null)
        {
            var wanted = new bool[table.EventNames.Count];
            foreach (var v in _values)
                if (table.EventCode((string)v) is var code and >= 0) wanted[code] = true;
            var codes = table.EventCodes;
            for (var r = 0; r < codes.Length; r++)
                if (!wanted[codes[r]]) mask.Clear(r);
            return;
        }
        var data = _column.Data;
        var rows = data.Length;
        switch (_filter.Kind)
        {
            case FilterKind.IsNull:
                for (var r = 0; r < rows; r++) if (!data.IsNull(r)) mask.Clear(r);
                return;
            case FilterKind.IsNotNull:
                for (var r = 0; r < rows; r++) if (data.IsNull(r)) mask.Clear(r);
                return;
        }
        Func<int, bool> keep = _column.Type switch
        {
            PropertyType.String => Strings((DictionaryArray)data),
            PropertyType.Int64 => r => Test(((Int64Array)data).Values[r], (a, b) => a.CompareTo(b)),
            PropertyType.Timestamp => r => Test(((TimestampArray)data).Values[r], (a, b) => a.CompareTo(b)),
            PropertyType.Double => r => Test(((DoubleArray)data).Values[r], CompareDouble),
            PropertyType.Bool => r => _values.Contains(((BooleanArray)data).GetValue(r)!.Value),
            PropertyType.Decimal => Decimals((Decimal128Array)data),
            _ => throw new InvalidOperationException($"unknown property type {_column.Type}"),
        };
        for (var r = 0; r < rows; r++)
            if (data.IsNull(r) || !keep(r)) mask.Clear(r);
    }

    /// <summary>A test on dictionary codes: each distinct string is compared once, then rows look their code up.</summary>
    private Func<int, bool> Strings(DictionaryArray data)
    {
        var dictionary = (StringArray)data.Dictionary;
        var pass = new bool[dictionary.Length];
        for (var i = 0; i < pass.Length; i++) pass[i] = Test(dictionary.GetString(i), string.CompareOrdinal);
        var codes = (Int32Array)data.Indices;
        return r => pass[codes.Values[r]];
    }

    private Func<int, bool> Decimals(Decimal128Array data) => r => Test(data.GetValue(r)!.Value, decimal.Compare);

    private bool Test<T>(T value, Comparison<T> compare) => _filter.Kind switch
    {
        FilterKind.Equal or FilterKind.In => _values.Any(v => compare(value, (T)v) == 0),
        FilterKind.NotEqual => compare(value, (T)_values[0]) != 0,
        FilterKind.Range => (_min is null || compare(value, (T)_min) >= 0) && (_max is null || compare(value, (T)_max) <= 0),
        _ => throw new InvalidOperationException($"unexpected filter {_filter.Kind}"),
    };

    /// <summary>DuckDB's order for doubles: NaN equals NaN and sorts above every number; -0 equals 0.</summary>
    private static int CompareDouble(double a, double b) => (double.IsNaN(a), double.IsNaN(b)) switch
    {
        (true, true) => 0,
        (true, false) => 1,
        (false, true) => -1,
        _ => a < b ? -1 : a > b ? 1 : 0,
    };
}
