using System.Globalization;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Columnar.Sql;
using DuckDB.NET.Data;

namespace Columnar.Output;

/// <summary>Writes Arrow record batches (analysis results, tables) as Arrow IPC files, Parquet files or CSV text.</summary>
public static class ResultFiles
{
    /// <summary>Writes <paramref name="batch"/> as an Arrow IPC file (the random-access "file" format, readable by pyarrow, Polars and DuckDB).</summary>
    /// <exception cref="ColumnarException">COL0018: the file cannot be written (nothing is left at <paramref name="path"/> then).</exception>
    public static void WriteArrow(RecordBatch batch, string path) => OutputFile.Write(path, temp =>
    {
        using var stream = File.Create(temp);
        using var writer = new ArrowFileWriter(stream, batch.Schema);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    });

    /// <summary>Writes <paramref name="batch"/> as a Parquet file, using DuckDB's Parquet writer.</summary>
    /// <exception cref="ColumnarException">COL0018: the file cannot be written (nothing is left at <paramref name="path"/> then).</exception>
    public static void WriteParquet(RecordBatch batch, string path) => OutputFile.Write(path, temp => WriteParquetTo(batch, temp));

    private static void WriteParquetTo(RecordBatch batch, string path)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using (var tz = connection.CreateCommand())
        {
            tz.CommandText = "SET TimeZone = 'UTC'";
            tz.ExecuteNonQuery();
        }
        ArrowAppender.CreateAndAppend(connection, "result", batch);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"COPY result TO {SqlText.Literal(Path.GetFullPath(path))} (FORMAT parquet)";
        cmd.ExecuteNonQuery();
    }

    /// <summary>Writes <paramref name="batch"/> as RFC 4180 CSV with a header; nulls are empty fields, times ISO-8601 UTC.</summary>
    public static void WriteCsv(RecordBatch batch, TextWriter writer)
    {
        writer.Write(string.Join(",", batch.Schema.FieldsList.Select(f => Escape(f.Name))));
        writer.Write('\n');
        for (var r = 0; r < batch.Length; r++)
        {
            for (var c = 0; c < batch.ColumnCount; c++)
            {
                if (c > 0) writer.Write(',');
                writer.Write(Escape(FormatValue(batch.Column(c), r)));
            }
            writer.Write('\n');
        }
    }

    /// <summary>A cell of an Arrow array as invariant text (empty for null).</summary>
    public static string FormatValue(IArrowArray array, int r)
    {
        if (array.IsNull(r)) return "";
        return array switch
        {
            StringArray s => s.GetString(r),
            Int32Array i => i.Values[r].ToString(CultureInfo.InvariantCulture),
            Int64Array l => l.Values[r].ToString(CultureInfo.InvariantCulture),
            Int16Array h => h.Values[r].ToString(CultureInfo.InvariantCulture),
            DoubleArray d => d.Values[r].ToString("R", CultureInfo.InvariantCulture),
            BooleanArray b => b.GetValue(r)!.Value ? "true" : "false",
            Date32Array d => d.GetDateOnly(r)!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            TimestampArray t => Time.TimeZones.ToDateTime(t.Values[r]).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            // .NET's decimal holds 28 digits; a decimal128 has up to 38, which SqlDecimal reads exactly.
            Decimal128Array m => m.Precision <= 28 ? m.GetValue(r)!.Value.ToString(CultureInfo.InvariantCulture) : m.GetSqlDecimal(r)!.Value.ToString(),
            DictionaryArray d => FormatValue(d.Dictionary, d.Indices switch
            {
                Int32Array i => i.Values[r],
                Int16Array s => s.Values[r],
                _ => throw new ColumnarException(ErrorCodes.BadOption, "unsupported dictionary index type"),
            }),
            _ => throw new ColumnarException(ErrorCodes.BadOption, $"cannot format Arrow array {array.GetType().Name}"),
        };
    }

    private static string Escape(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
