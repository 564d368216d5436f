using Apache.Arrow;
using Apache.Arrow.Types;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>Copies an Arrow record batch into a new DuckDB table through the Appender (used for result files, not for the event table).</summary>
internal static class ArrowAppender
{
    public static void CreateAndAppend(DuckDBConnection connection, string table, RecordBatch batch)
    {
        var columns = batch.Schema.FieldsList.Select(f => $"{SqlText.Ident(f.Name)} {SqlType(f.DataType)}");
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"CREATE TABLE {SqlText.Ident(table)} ({string.Join(", ", columns)})";
            cmd.ExecuteNonQuery();
        }
        using var appender = connection.CreateAppender(table);
        for (var r = 0; r < batch.Length; r++)
        {
            var row = appender.CreateRow();
            for (var c = 0; c < batch.ColumnCount; c++) Append(row, batch.Column(c), r);
            row.EndRow();
        }
    }

    private static string SqlType(IArrowType type) => type switch
    {
        StringType => "VARCHAR",
        Int32Type => "INTEGER",
        Int64Type => "BIGINT",
        Int16Type => "SMALLINT",
        DoubleType => "DOUBLE",
        BooleanType => "BOOLEAN",
        Date32Type => "DATE",
        TimestampType => "TIMESTAMP",
        Decimal128Type d => $"DECIMAL({Math.Min(d.Precision, 38)}, {d.Scale})",
        DictionaryType d => SqlType(d.ValueType),
        _ => throw new ColumnarException(ErrorCodes.BadOption, $"cannot write Arrow type {type.Name} to DuckDB"),
    };

    private static void Append(IDuckDBAppenderRow row, IArrowArray array, int r)
    {
        if (array.IsNull(r))
        {
            row.AppendNullValue();
            return;
        }
        switch (array)
        {
            case StringArray s: row.AppendValue(s.GetString(r)); break;
            case Int32Array i: row.AppendValue(i.Values[r]); break;
            case Int64Array l: row.AppendValue(l.Values[r]); break;
            case Int16Array h: row.AppendValue(h.Values[r]); break;
            case DoubleArray d: row.AppendValue(d.Values[r]); break;
            case BooleanArray b: row.AppendValue(b.GetValue(r)); break;
            case Date32Array d: row.AppendValue(d.GetDateOnly(r)!.Value.ToDateTime(TimeOnly.MinValue)); break;
            case TimestampArray t: row.AppendValue(Time.TimeZones.ToDateTime(t.Values[r])); break;
            case Decimal128Array m: row.AppendValue(m.GetValue(r)); break;
            case DictionaryArray d: Append(row, d.Dictionary, IndexOf(d, r)); break;
            default: throw new ColumnarException(ErrorCodes.BadOption, $"cannot write Arrow array {array.GetType().Name} to DuckDB");
        }
    }

    private static int IndexOf(DictionaryArray d, int r) => d.Indices switch
    {
        Int32Array i => i.Values[r],
        Int16Array s => s.Values[r],
        Int8Array b => b.Values[r],
        Int64Array l => checked((int)l.Values[r]),
        _ => throw new ColumnarException(ErrorCodes.BadOption, "unsupported dictionary index type"),
    };
}
