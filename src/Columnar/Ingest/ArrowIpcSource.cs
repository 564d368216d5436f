using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;

namespace Columnar.Ingest;

/// <summary>
/// Arrow IPC rows, file format (detected by the <c>ARROW1</c> magic) or stream format, one record batch at a time. Integer columns
/// read as int64, floats as double, decimals as decimal, timestamps as µs UTC (a timestamp without a zone is taken as UTC),
/// dates as days, strings (plain, large, view or dictionary-encoded) as text. The "line" of a row is its 1-based row number.
/// </summary>
internal sealed class ArrowIpcSource : RowSource
{
    private readonly string _fileName;
    private readonly Stream _stream;
    private readonly IDisposable _readerHandle;
    private readonly Func<RecordBatch?> _next;
    private readonly string[] _columns;
    private RecordBatch? _batch;
    private int _index = -1;
    private long _row;

    public ArrowIpcSource(Stream stream, string fileName)
    {
        _fileName = fileName;
        _stream = stream;
        try
        {
            Span<byte> magic = stackalloc byte[6];
            var n = stream.ReadAtLeast(magic, 6, throwOnEndOfStream: false);
            stream.Position = 0;
            Schema schema;
            if (n == 6 && magic.SequenceEqual("ARROW1"u8))
            {
                var file = new ArrowFileReader(stream, leaveOpen: true);
                _readerHandle = file;
                _next = file.ReadNextRecordBatch;
                schema = file.Schema;
            }
            else
            {
                var s = new ArrowStreamReader(stream, leaveOpen: true);
                _readerHandle = s;
                _next = s.ReadNextRecordBatch;
                if (s.Schema is { } known) schema = known;
                else
                {
                    // The stream reader reads the schema with the first batch; a stream of zero batches has only the schema.
                    var first = s.ReadNextRecordBatch();
                    schema = s.Schema ?? throw new ColumnarException(ErrorCodes.UnreadableFile, "the Arrow IPC stream holds no schema", fileName);
                    if (first is not null)
                    {
                        var pending = first;
                        _next = () =>
                        {
                            var batch = pending;
                            pending = null;
                            return batch ?? s.ReadNextRecordBatch();
                        };
                    }
                }
            }
            _columns = schema.FieldsList.Select(f => f.Name).ToArray();
            foreach (var f in schema.FieldsList)
            {
                var t = f.DataType is DictionaryType d ? d.ValueType : f.DataType;
                if (KindOf(t) is null)
                    throw new ColumnarException(ErrorCodes.UnreadableFile, $"column '{f.Name}' has the unsupported Arrow type {t.Name}", fileName);
            }
        }
        catch (Exception ex) when (ex is not ColumnarException)
        {
            stream.Dispose();
            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Arrow IPC file: {ex.Message}", fileName, inner: ex);
        }
    }

    private static FieldKind? KindOf(IArrowType t) => t switch
    {
        Int8Type or Int16Type or Int32Type or Int64Type or UInt8Type or UInt16Type or UInt32Type => FieldKind.Int64,
        UInt64Type => FieldKind.Text,
        HalfFloatType or FloatType or DoubleType => FieldKind.Double,
        Decimal128Type or Decimal256Type => FieldKind.Decimal,
        BooleanType => FieldKind.Bool,
        TimestampType => FieldKind.Timestamp,
        Date32Type or Date64Type => FieldKind.Date,
        StringType or LargeStringType or StringViewType => FieldKind.Text,
        _ => null,
    };

    public override IReadOnlyList<string> Columns => _columns;

    public override long BytesRead => _stream.Position;

    public override long TotalBytes => _stream.Length;

    public override bool MoveNext()
    {
        try
        {
            while (_batch is null || ++_index >= _batch.Length)
            {
                _batch?.Dispose();
                _batch = _next();
                _index = -1;
                if (_batch is null) return false;
            }
        }
        catch (Exception ex) when (ex is not ColumnarException)
        {
            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Arrow IPC file: {ex.Message}", _fileName, _row + 1, inner: ex);
        }
        Line = ++_row;
        return true;
    }

    /// <summary>The array and index that hold the current value of <paramref name="col"/>, looking through dictionaries.</summary>
    private (IArrowArray Array, int Index) Cell(int col)
    {
        var array = _batch!.Column(col);
        if (array is not DictionaryArray dict) return (array, _index);
        if (dict.IsNull(_index)) return (dict, _index);
        long key = dict.Indices switch
        {
            Int8Array a => a.Values[_index],
            Int16Array a => a.Values[_index],
            Int32Array a => a.Values[_index],
            Int64Array a => a.Values[_index],
            UInt8Array a => a.Values[_index],
            UInt16Array a => a.Values[_index],
            UInt32Array a => a.Values[_index],
            UInt64Array a => (long)a.Values[_index],
            _ => throw new ColumnarException(ErrorCodes.UnreadableFile, "unsupported dictionary index type", _fileName, Line, _columns[col]),
        };
        return (dict.Dictionary, checked((int)key));
    }

    public override FieldKind Kind(int col)
    {
        var (a, i) = Cell(col);
        if (a.IsNull(i)) return FieldKind.Null;
        var t = a.Data.DataType is DictionaryType d ? d.ValueType : a.Data.DataType;
        return KindOf(t)!.Value;
    }

    public override ReadOnlySpan<char> Text(int col)
    {
        var (a, i) = Cell(col);
        if (a.IsNull(i)) return [];
        return a switch
        {
            StringArray s => s.GetString(i),
            LargeStringArray s => s.GetString(i),
            StringViewArray s => s.GetString(i),
            UInt64Array u => u.Values[i].ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Render(col),
        };
    }

    public override long Int64(int col)
    {
        var (a, i) = Cell(col);
        return a switch
        {
            Int8Array x => x.Values[i],
            Int16Array x => x.Values[i],
            Int32Array x => x.Values[i],
            Int64Array x => x.Values[i],
            UInt8Array x => x.Values[i],
            UInt16Array x => x.Values[i],
            UInt32Array x => x.Values[i],
            _ => throw new InvalidOperationException("not an integer column"),
        };
    }

    public override double Double(int col)
    {
        var (a, i) = Cell(col);
        return a switch
        {
            HalfFloatArray x => (double)x.Values[i],
            FloatArray x => x.Values[i],
            DoubleArray x => x.Values[i],
            _ => throw new InvalidOperationException("not a floating-point column"),
        };
    }

    public override decimal Decimal(int col)
    {
        var (a, i) = Cell(col);
        try
        {
            return a switch
            {
                Decimal128Array x => x.GetValue(i)!.Value,
                Decimal256Array x => x.GetValue(i)!.Value,
                _ => throw new InvalidOperationException("not a decimal column"),
            };
        }
        catch (OverflowException ex)
        {
            throw new ColumnarException(ErrorCodes.BadValue, $"decimal value does not fit in 28 digits ({ex.Message})", _fileName, Line, _columns[col]);
        }
    }

    public override bool Bool(int col)
    {
        var (a, i) = Cell(col);
        return ((BooleanArray)a).GetValue(i)!.Value;
    }

    public override long Temporal(int col)
    {
        var (a, i) = Cell(col);
        switch (a)
        {
            case TimestampArray ts:
            {
                var v = ts.Values[i];
                return ((TimestampType)ts.Data.DataType).Unit switch
                {
                    TimeUnit.Second => checked(v * 1_000_000),
                    TimeUnit.Millisecond => checked(v * 1_000),
                    TimeUnit.Microsecond => v,
                    _ => Math.DivRem(v, 1_000, out var rem) - (rem < 0 ? 1 : 0),
                };
            }
            case Date32Array d32: return d32.Values[i];
            case Date64Array d64: return Math.DivRem(d64.Values[i], 86_400_000L, out var r) - (r < 0 ? 1 : 0);
            default: throw new InvalidOperationException("not a temporal column");
        }
    }

    public override string Raw() => RenderRow();

    public override void Dispose()
    {
        _batch?.Dispose();
        _readerHandle.Dispose();
        _stream.Dispose();
    }
}
