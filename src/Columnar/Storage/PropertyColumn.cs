using Apache.Arrow;

namespace Columnar.Storage;

/// <summary>A typed, nullable property column of an <see cref="EventTable"/>, aligned with the table's rows.</summary>
public sealed class PropertyColumn
{
    internal PropertyColumn(string name, PropertyType type, IArrowArray data)
    {
        Name = name;
        Type = type;
        Data = data;
    }

    /// <summary>The column name as mapped at load time.</summary>
    public string Name { get; }

    /// <summary>The logical type.</summary>
    public PropertyType Type { get; }

    /// <summary>The Arrow array: <see cref="DictionaryArray"/> for strings, <see cref="Int64Array"/>, <see cref="DoubleArray"/>,
    /// <see cref="BooleanArray"/>, <see cref="TimestampArray"/> (µs, UTC) or <see cref="Decimal128Array"/>.</summary>
    public IArrowArray Data { get; }

    /// <summary>True when row <paramref name="row"/> holds no value.</summary>
    public bool IsNull(int row) => Data.IsNull(row);

    /// <summary>The value at <paramref name="row"/> as a CLR object (string, long, double, bool, DateTime UTC, decimal) or null.</summary>
    public object? GetValue(int row)
    {
        if (Data.IsNull(row)) return null;
        return Type switch
        {
            PropertyType.String => GetString(row),
            PropertyType.Int64 => ((Int64Array)Data).GetValue(row),
            PropertyType.Double => ((DoubleArray)Data).GetValue(row),
            PropertyType.Bool => ((BooleanArray)Data).GetValue(row),
            PropertyType.Timestamp => DateTime.UnixEpoch.AddTicks(((TimestampArray)Data).Values[row] * 10),
            PropertyType.Decimal => ((Decimal128Array)Data).GetValue(row),
            _ => throw new InvalidOperationException($"unknown property type {Type}"),
        };
    }

    /// <summary>The string value at <paramref name="row"/>, or null. Only valid for <see cref="PropertyType.String"/> columns.</summary>
    public string? GetString(int row)
    {
        var dict = (DictionaryArray)Data;
        if (dict.IsNull(row)) return null;
        var index = ((Int32Array)dict.Indices).Values[row];
        return ((StringArray)dict.Dictionary).GetString(index);
    }

    /// <summary>The dictionary codes of a string column (one per row; meaningless where the row is null).</summary>
    internal ReadOnlySpan<int> Codes => ((Int32Array)((DictionaryArray)Data).Indices).Values;

    /// <summary>The distinct values of a string column, indexed by <see cref="Codes"/>.</summary>
    internal StringArray DictionaryValues => (StringArray)((DictionaryArray)Data).Dictionary;
}
