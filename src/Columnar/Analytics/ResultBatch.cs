using Apache.Arrow;
using Apache.Arrow.Types;

namespace Columnar.Analytics;

/// <summary>Builds small Arrow record batches for analysis results, column by column.</summary>
internal sealed class ResultBatch
{
    private readonly List<Field> _fields = [];
    private readonly List<IArrowArray> _arrays = [];
    private int _length = -1;

    private ResultBatch Add(string name, IArrowType type, IArrowArray array, bool nullable)
    {
        if (_length >= 0 && array.Length != _length) throw new InvalidOperationException($"column '{name}' has {array.Length} rows, expected {_length}");
        _length = array.Length;
        _fields.Add(new Field(name, type, nullable));
        _arrays.Add(array);
        return this;
    }

    public ResultBatch Strings(string name, IEnumerable<string?> values)
    {
        var b = new StringArray.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v); }
        return Add(name, StringType.Default, b.Build(), true);
    }

    public ResultBatch Int64s(string name, IEnumerable<long?> values)
    {
        var b = new Int64Array.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v.Value); }
        return Add(name, Int64Type.Default, b.Build(), true);
    }

    public ResultBatch Int32s(string name, IEnumerable<int?> values)
    {
        var b = new Int32Array.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v.Value); }
        return Add(name, Int32Type.Default, b.Build(), true);
    }

    public ResultBatch Doubles(string name, IEnumerable<double?> values)
    {
        var b = new DoubleArray.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v.Value); }
        return Add(name, DoubleType.Default, b.Build(), true);
    }

    public ResultBatch Decimals(string name, int scale, IEnumerable<decimal?> values)
    {
        var type = new Decimal128Type(38, scale);
        var b = new Decimal128Array.Builder(type);
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(Math.Round(v.Value, scale)); }
        return Add(name, type, b.Build(), true);
    }

    public ResultBatch Dates(string name, IEnumerable<DateOnly?> values)
    {
        var b = new Date32Array.Builder();
        foreach (var v in values) { if (v is null) b.AppendNull(); else b.Append(v.Value); }
        return Add(name, Date32Type.Default, b.Build(), true);
    }

    public RecordBatch Build() => new(new Schema(_fields, null), _arrays, Math.Max(0, _length));
}
