using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Columnar.Output;
using DuckDB.NET.Data;

namespace Columnar.Sql;

/// <summary>
/// The streamed result of a SQL query as Arrow record batches (at most <see cref="BatchRows"/> rows each), read from DuckDB as you
/// consume it. Implements <see cref="IArrowArrayStream"/>, so it can be handed to Arrow writers and the Arrow C stream exporter.
/// Types: BOOLEAN, integers, FLOAT, DOUBLE and VARCHAR as themselves; DECIMAL(p,s) as decimal128(p,s); HUGEINT (such as sums of
/// integers) as decimal128(38,0); DATE as date32; TIMESTAMP and TIMESTAMPTZ as timestamp[µs, UTC] (Columnar's timestamps are UTC);
/// any other type as text: lists, arrays, structs and maps in DuckDB's notation (<c>[1, 2]</c>, <c>{'a': 1}</c>, <c>{k=v}</c>; their
/// fields carry the metadata <c>columnar.nested</c>, and <see cref="WriteArrow"/> and <see cref="WriteParquet"/> refuse them), blobs as
/// <c>\xHH</c> hex for every byte, intervals as DuckDB writes them (<c>1 year 2 months 3 days 01:30:00</c>), UUIDs and the rest as
/// .NET's invariant text of the value. Dispose it to release the connection.
/// </summary>
public sealed class SqlResult : IArrowArrayStream
{
    /// <summary>The most rows in one streamed batch.</summary>
    public const int BatchRows = 65_536;

    private readonly DuckDBConnection _connection;
    private readonly IReadOnlyList<(int Start, int End)> _statements;
    private readonly IReadOnlyDictionary<string, object?>? _parameters;
    private int _next;
    private int _statement;
    private DbCommand? _command;
    private DbDataReader _reader = null!;
    private ResultColumn[] _columns = [];
    private bool _done;

    internal SqlResult(DuckDBConnection connection, string sql, IReadOnlyList<(int Start, int End)> statements, IReadOnlyDictionary<string, object?>? parameters)
    {
        _connection = connection;
        _statements = statements;
        _parameters = parameters;
        Sql = sql;
        Schema = new Schema([], null);
        try
        {
            Advance(first: true);
        }
        catch
        {
            _reader?.Dispose();
            _command?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs the statements from the next one until one returns columns (or, on the first call, the last has run, so a lone
    /// CREATE still gives an empty result); false when none remained. Each runs on its own command on the one connection,
    /// so temporary tables and settings carry over, and an error names the statement.
    /// </summary>
    private bool Advance(bool first)
    {
        while (_next < _statements.Count)
        {
            var k = _next++;
            var (start, end) = _statements[k];
            var text = Sql[start..end];
            _reader?.Dispose();
            _command?.Dispose();
            _command = null;
            // With several statements each gets the parameters it names; DuckDB.NET wants exactly those.
            var parameters = _statements.Count == 1 || _parameters is null ? _parameters
                : _parameters.Where(p => SqlScan.Of(text).Parameters.Contains(p.Key, StringComparer.OrdinalIgnoreCase)).ToDictionary();
            try
            {
                _command = SqlSession.Command(_connection, text, parameters);
                _reader = _command.ExecuteReader();
            }
            catch (DuckDBException e)
            {
                throw SqlErrors.Wrap(e, Sql, _statements, k);
            }
            catch (InvalidOperationException e) when (e.Message.StartsWith("Invalid number of parameters", StringComparison.Ordinal))
            {
                throw SqlErrors.Parameters(Sql, text, parameters, e, _statements.Count == 1 ? "" : $" in statement {k + 1} of {_statements.Count}");
            }
            if (_reader.FieldCount > 0 || (first && _next == _statements.Count))
            {
                _statement = k;
                (_columns, Schema) = Describe(_reader, _nestedAsJson, _hugeAsText);
                _done = false;
                return true;
            }
        }
        return false;
    }

    /// <summary>The field metadata key that marks a column holding a DuckDB list, array, struct, map or union as text; its value is the DuckDB type (List, Struct, …).</summary>
    internal const string NestedKey = "columnar.nested";

    /// <summary>The field metadata key set to <c>true</c> when that text is JSON rather than DuckDB's notation.</summary>
    internal const string JsonKey = "columnar.json";

    /// <summary>The field metadata key set to <c>true</c> on a text column that holds exact integers (HUGEINT as text).</summary>
    internal const string NumberKey = "columnar.number";

    private bool _nestedAsJson;
    private bool _hugeAsText;

    /// <summary>Nested values of the current result come as JSON text from now on (call before reading rows); for JSON output.</summary>
    internal void NestedAsJson()
    {
        _nestedAsJson = true;
        (_columns, Schema) = Describe(_reader, true, _hugeAsText);
    }

    /// <summary>HUGEINT and UHUGEINT columns come as their exact digits in text from now on (call before reading rows), so values
    /// past the 38 digits of decimal128 still show; for table, CSV and JSON output.</summary>
    internal void HugeIntAsText()
    {
        _hugeAsText = true;
        (_columns, Schema) = Describe(_reader, _nestedAsJson, true);
    }

    private static (ResultColumn[], Schema) Describe(DbDataReader reader, bool nestedAsJson, bool hugeAsText)
    {
        for (var i = 0; i < reader.FieldCount; i++)
            if (reader.GetDataTypeName(i) == "Union")
                throw new ColumnarException(ErrorCodes.EngineError,
                    $"column '{reader.GetName(i)}' of the result is a UNION, which Columnar cannot read; select CAST({reader.GetName(i)} AS VARCHAR) " +
                    "(DuckDB writes a union as its member's value) or union_extract(…, 'member')");
        System.Data.DataTable? schemaTable;
        try
        {
            schemaTable = reader.GetSchemaTable();
        }
        catch (Exception e) when (e is not ColumnarException)
        {
            // DuckDB.NET fails on a type it has no reader for (a union inside a list, say): name the first such column.
            for (var i = 0; i < reader.FieldCount; i++)
            {
                try
                {
                    reader.GetFieldType(i);
                }
                catch (Exception inner) when (inner is not ColumnarException)
                {
                    throw Unreadable(reader.GetName(i), reader.GetDataTypeName(i), inner);
                }
            }
            throw new ColumnarException(ErrorCodes.EngineError, $"cannot read the result: {e.Message}", inner: e);
        }
        var columns = new ResultColumn[reader.FieldCount];
        var fields = new List<Field>(reader.FieldCount);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var type = reader.GetDataTypeName(i);
            ResultColumn column;
            try
            {
                var row = schemaTable?.Rows[i];
                var precision = row?["NumericPrecision"] is { } p and not DBNull ? Convert.ToInt32(p, CultureInfo.InvariantCulture) : 38;
                var scale = row?["NumericScale"] is { } s and not DBNull ? Convert.ToInt32(s, CultureInfo.InvariantCulture) : 0;
                column = ResultColumn.For(type, precision, scale, nestedAsJson, hugeAsText, reader.GetFieldType(i));
            }
            catch (Exception e) when (e is not ColumnarException)
            {
                throw Unreadable(reader.GetName(i), type, e);
            }
            columns[i] = column;
            var huge = hugeAsText && type is "HugeInt" or "UnsignedHugeInt";
            IEnumerable<KeyValuePair<string, string>>? metadata = huge ? [new(NumberKey, "true")]
                : !ResultColumn.IsNested(type) ? null
                : nestedAsJson ? [new(NestedKey, type), new(JsonKey, "true")] : [new(NestedKey, type)];
            fields.Add(new Field(reader.GetName(i), columns[i].Type, true, metadata));
        }
        return (columns, new Schema(fields, null));
    }

    /// <summary>The safety net for a value DuckDB.NET cannot hand over (such as a NULL in a list inside a struct): ANA0004 naming the
    /// column and its type, never an unhandled exception.</summary>
    private static ColumnarException Unreadable(string column, string type, Exception e)
    {
        var cause = e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e;
        return new(ErrorCodes.EngineError,
            $"cannot read column '{column}' ({type.ToUpperInvariant()}) of the result: {cause.Message.TrimEnd('.')}; select it as text instead " +
            $"(CAST({column} AS VARCHAR) or to_json({column}))", inner: cause);
    }

    /// <summary>
    /// Moves to the result of the next statement when the SQL holds several, skipping the rows left in this one; false when
    /// there is none. Statements that return no rows (such as <c>CREATE TEMP TABLE</c>) run on the way, on the same connection.
    /// </summary>
    /// <exception cref="ColumnarException">ANA0004 when a later statement fails, naming the statement.</exception>
    public bool NextResult() => Advance(first: false);

    /// <summary>The SQL that produced the result.</summary>
    public string Sql { get; }

    /// <summary>The Arrow schema of every batch of the current statement's result; every field is nullable.</summary>
    public Schema Schema { get; private set; }

    /// <summary>The next batch of up to <paramref name="maxRows"/> rows, or null when the result is exhausted.</summary>
    /// <exception cref="ColumnarException">ANA0004 when DuckDB fails while producing rows.</exception>
    public RecordBatch? ReadNext(int maxRows = BatchRows)
    {
        if (maxRows < 1) throw new ColumnarException(ErrorCodes.BadOption, "maxRows must be at least 1");
        if (_done) return null;
        foreach (var c in _columns) c.Reset();
        var n = 0;
        var i = -1;
        try
        {
            while (n < maxRows && _reader.Read())
            {
                for (i = 0; i < _columns.Length; i++) _columns[i].Append(_reader, i);
                i = -1;
                n++;
            }
        }
        catch (DuckDBException e)
        {
            throw SqlErrors.Wrap(e, Sql, _statements, _statement);
        }
        catch (Exception e) when (e is not ColumnarException)
        {
            if (i >= 0) throw Unreadable(Schema.FieldsList[i].Name, _reader.GetDataTypeName(i), e);
            throw new ColumnarException(ErrorCodes.EngineError, $"cannot read the result: {e.Message}", inner: e);
        }
        if (n < maxRows) _done = true;
        if (n == 0) return null;
        return new RecordBatch(Schema, _columns.Select(c => c.Build()), n);
    }

    /// <inheritdoc cref="ReadNext"/>
    public ValueTask<RecordBatch> ReadNextRecordBatchAsync(CancellationToken cancellationToken = default) => new(ReadNext()!);

    /// <summary>Every remaining row in one batch (for results that fit in memory; stream large ones with <see cref="ReadNext"/>).
    /// An empty result gives an empty batch with the schema.</summary>
    public RecordBatch ToRecordBatch() =>
        ReadNext(int.MaxValue) ?? new RecordBatch(Schema, _columns.Select(c => { c.Reset(); return c.Build(); }), 0);

    /// <summary>The remaining rows as an aligned text table, showing at most <paramref name="maxRows"/> of them and the total count.</summary>
    public string ToTable(int maxRows = 100)
    {
        var sb = new StringBuilder();
        var headers = Schema.FieldsList.Select(f => f.Name).ToArray();
        var rows = new List<string[]>();
        long total = 0;
        while (ReadNext() is { } batch)
        {
            for (var r = 0; r < batch.Length; r++, total++)
            {
                if (rows.Count >= maxRows) continue;
                var cells = new string[batch.ColumnCount];
                for (var c = 0; c < batch.ColumnCount; c++) cells[c] = batch.Column(c).IsNull(r) ? "NULL" : ResultFiles.FormatValue(batch.Column(c), r);
                rows.Add(cells);
            }
        }
        var widths = headers.Select((h, c) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length))).ToArray();
        var right = _columns.Select(c => c.IsNumeric).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((v, c) => right[c] ? v.PadLeft(widths[c]) : v.PadRight(widths[c]))).TrimEnd();
        sb.AppendLine(Line(headers));
        sb.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        foreach (var r in rows) sb.AppendLine(Line(r));
        sb.AppendLine(total > rows.Count
            ? $"({total.ToString("N0", CultureInfo.InvariantCulture)} rows, first {rows.Count.ToString("N0", CultureInfo.InvariantCulture)} shown)"
            : $"({total.ToString("N0", CultureInfo.InvariantCulture)} row{(total == 1 ? "" : "s")})");
        return sb.ToString();
    }

    /// <summary>Streams the remaining rows into an Arrow IPC file (random-access format) at <paramref name="path"/>; returns the row count.</summary>
    /// <exception cref="ColumnarException">COL0018: the file cannot be written (nothing is left at <paramref name="path"/> then); ANA0001
    /// when the result has list, array, struct, map or union columns (held only as text).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public long WriteArrow(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RefuseNested("Arrow");
        long rows = 0;
        Output.OutputFile.Write(path, temp =>
        {
            using var stream = File.Create(temp);
            using var writer = new ArrowFileWriter(stream, Schema);
            // The magic and the schema go out now, so a result of no batches is still a valid Arrow file.
            writer.WriteStart();
            while (ReadNext() is { } batch)
            {
                writer.WriteRecordBatch(batch);
                rows += batch.Length;
            }
            writer.WriteEnd();
        });
        return rows;
    }

    /// <summary>Writes the remaining rows as a Parquet file at <paramref name="path"/> with DuckDB's writer (the rows are held as Arrow
    /// in memory, registered without a copy and written with <c>COPY … TO … (FORMAT parquet)</c>); returns the row count.</summary>
    /// <exception cref="ColumnarException">COL0018: the file cannot be written (nothing is left at <paramref name="path"/> then); ANA0001
    /// when the result has list, array, struct, map or union columns (held only as text).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is null.</exception>
    public long WriteParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        RefuseNested("Parquet");
        // DuckDB's COPY reads the rows through a view, which cannot hold one name twice (names match in any case there).
        if (Schema.FieldsList.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ColumnarException(ErrorCodes.BadOption,
                $"cannot write Parquet: the result has the column name '{twice.Key}' {twice.Count()} times; give each column its own name (… AS name)");
        var batches = new List<RecordBatch>();
        while (ReadNext() is { } batch) batches.Add(batch);
        if (batches.Count == 0) batches.Add(ToRecordBatch());
        using var session = new SqlSession();
        session.Register("result", batches);
        Output.OutputFile.Write(path, temp => session.Execute($"COPY result TO {SqlText.Literal(Path.GetFullPath(temp))} (FORMAT parquet)"));
        return batches.Sum(b => (long)b.Length);
    }

    /// <summary>Lists, structs and maps are held as text here, so a file would get text where its reader expects the type.</summary>
    private void RefuseNested(string format)
    {
        var nested = Schema.FieldsList.Where(f => f.HasMetadata && f.Metadata.ContainsKey(NestedKey)).ToList();
        if (nested.Count == 0) return;
        var names = string.Join(", ", nested.Select(f => $"'{f.Name}' ({f.Metadata[NestedKey].ToUpperInvariant()})"));
        throw new ColumnarException(ErrorCodes.BadOption,
            $"cannot write {names} to {format}: the result holds lists, arrays, structs, maps and unions only as text; " +
            "select them as text (CAST(x AS VARCHAR) or to_json(x)), or unnest them into columns");
    }

    /// <summary>Releases the reader and the connection.</summary>
    public void Dispose()
    {
        _reader?.Dispose();
        _command?.Dispose();
        _connection.Dispose();
    }
}

/// <summary>Builds one Arrow column of a SQL result from DuckDB reader values.</summary>
internal abstract class ResultColumn
{
    public abstract IArrowType Type { get; }
    public virtual bool IsNumeric => false;
    public abstract void Reset();
    public abstract void Append(DbDataReader reader, int ordinal);
    public abstract IArrowArray Build();

    public static bool IsNested(string duckType) => duckType is "List" or "Struct" or "Map" or "Array" or "Union";

    public static ResultColumn For(string duckType, int precision, int scale, bool nestedAsJson, bool hugeAsText, Type clrType) => duckType switch
    {
        _ when IsNested(duckType) => Nested(clrType, nestedAsJson),
        "Blob" => Text((r, i) => SqlValueText.Blob(r.GetStream(i))),
        "Interval" => Text((r, i) => SqlValueText.Interval(r.GetFieldValue<DuckDB.NET.Native.DuckDBInterval>(i))),
        "Boolean" => new Typed<bool, BooleanArray, BooleanArray.Builder>(BooleanType.Default, (b, r, i) => b.Append(r.GetBoolean(i)), b => b.AppendNull(), false),
        "TinyInt" => Numeric<sbyte, Int8Array, Int8Array.Builder>(Int8Type.Default, (b, r, i) => b.Append(r.GetFieldValue<sbyte>(i)), b => b.AppendNull()),
        "SmallInt" => Numeric<short, Int16Array, Int16Array.Builder>(Int16Type.Default, (b, r, i) => b.Append(r.GetInt16(i)), b => b.AppendNull()),
        "Integer" => Numeric<int, Int32Array, Int32Array.Builder>(Int32Type.Default, (b, r, i) => b.Append(r.GetInt32(i)), b => b.AppendNull()),
        "BigInt" => Numeric<long, Int64Array, Int64Array.Builder>(Int64Type.Default, (b, r, i) => b.Append(r.GetInt64(i)), b => b.AppendNull()),
        "UnsignedTinyInt" => Numeric<byte, UInt8Array, UInt8Array.Builder>(UInt8Type.Default, (b, r, i) => b.Append(r.GetFieldValue<byte>(i)), b => b.AppendNull()),
        "UnsignedSmallInt" => Numeric<ushort, UInt16Array, UInt16Array.Builder>(UInt16Type.Default, (b, r, i) => b.Append(r.GetFieldValue<ushort>(i)), b => b.AppendNull()),
        "UnsignedInteger" => Numeric<uint, UInt32Array, UInt32Array.Builder>(UInt32Type.Default, (b, r, i) => b.Append(r.GetFieldValue<uint>(i)), b => b.AppendNull()),
        "UnsignedBigInt" => Numeric<ulong, UInt64Array, UInt64Array.Builder>(UInt64Type.Default, (b, r, i) => b.Append(r.GetFieldValue<ulong>(i)), b => b.AppendNull()),
        "Float" => Numeric<float, FloatArray, FloatArray.Builder>(FloatType.Default, (b, r, i) => b.Append(r.GetFloat(i)), b => b.AppendNull()),
        "Double" => Numeric<double, DoubleArray, DoubleArray.Builder>(DoubleType.Default, (b, r, i) => b.Append(r.GetDouble(i)), b => b.AppendNull()),
        "Varchar" => new Typed<string, StringArray, StringArray.Builder>(StringType.Default, (b, r, i) => b.Append(r.GetString(i)), b => b.AppendNull(), false),
        "Date" => new Typed<DateOnly, Date32Array, Date32Array.Builder>(Date32Type.Default, (b, r, i) => b.Append(r.GetFieldValue<DateOnly>(i)), b => b.AppendNull(), false),
        "Timestamp" or "TimestampTz" or "TimestampS" or "TimestampMs" or "TimestampNs" => new TimestampColumn(),
        "Decimal" => Decimal(new Decimal128Type(precision, scale), (r, i) => r.GetDecimal(i)),
        "HugeInt" or "UnsignedHugeInt" when hugeAsText => new Typed<string, StringArray, StringArray.Builder>(StringType.Default,
            (b, r, i) => b.Append(r.GetFieldValue<BigInteger>(i).ToString(CultureInfo.InvariantCulture)), b => b.AppendNull(), true),
        "HugeInt" or "UnsignedHugeInt" => new DecimalColumn(new Decimal128Type(38, 0), (b, r, i) => b.Append(Huge(r.GetFieldValue<BigInteger>(i)))),
        _ => Text((r, i) => Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture)),
    };

    /// <summary>DuckDB.NET reads a list of INTEGER as List&lt;int&gt; and throws on a NULL element, so the value is read as the same
    /// type with every value-type element made nullable (List&lt;int?&gt;, recursively).</summary>
    private static ResultColumn Nested(Type clrType, bool json)
    {
        var read = typeof(DbDataReader).GetMethod(nameof(DbDataReader.GetFieldValue))!.MakeGenericMethod(Nullable(clrType));
        return Text((r, i) =>
        {
            var value = read.Invoke(r, [i]);
            return json ? SqlValueText.Json(value) : SqlValueText.Text(value);
        });
    }

    private static Type Nullable(Type t)
    {
        if (t.IsValueType) return System.Nullable.GetUnderlyingType(t) is null ? typeof(Nullable<>).MakeGenericType(t) : t;
        if (!t.IsGenericType) return t;
        var definition = t.GetGenericTypeDefinition();
        var args = t.GetGenericArguments();
        if (definition == typeof(List<>)) return typeof(List<>).MakeGenericType(Nullable(args[0]));
        if (definition == typeof(Dictionary<,>)) return typeof(Dictionary<,>).MakeGenericType(args[0], Nullable(args[1]));
        return t;
    }

    private static Typed<string, StringArray, StringArray.Builder> Text(Func<DbDataReader, int, string?> text) =>
        new(StringType.Default, (b, r, i) => b.Append(text(r, i)), b => b.AppendNull(), false);

    private static Typed<T, TArray, TBuilder> Numeric<T, TArray, TBuilder>(IArrowType type, Action<TBuilder, DbDataReader, int> append, Action<TBuilder> appendNull)
        where TArray : IArrowArray where TBuilder : IArrowArrayBuilder<TArray>, new() => new(type, append, appendNull, true);

    private static ResultColumn Decimal(Decimal128Type type, Func<DbDataReader, int, decimal> read) =>
        new DecimalColumn(type, (b, r, i) => b.Append(read(r, i)));

    private static readonly BigInteger MaxDecimal38 = BigInteger.Pow(10, 38) - 1;

    /// <summary>A HUGEINT as decimal128(38,0): exact up to 38 digits; past that (only near ±1.7e38) it cannot be held.</summary>
    private static System.Data.SqlTypes.SqlDecimal Huge(BigInteger v) => BigInteger.Abs(v) <= MaxDecimal38
        ? System.Data.SqlTypes.SqlDecimal.Parse(v.ToString(CultureInfo.InvariantCulture))
        : throw new ColumnarException(ErrorCodes.EngineError,
            $"the integer {v} has more than the 38 digits of the decimal128(38,0) column Arrow and Parquet files get; cast it to VARCHAR or DOUBLE");

    private sealed class Typed<T, TArray, TBuilder>(IArrowType type, Action<TBuilder, DbDataReader, int> append, Action<TBuilder> appendNull, bool numeric) : ResultColumn
        where TArray : IArrowArray where TBuilder : IArrowArrayBuilder<TArray>, new()
    {
        private TBuilder _builder = new();
        public override IArrowType Type => type;
        public override bool IsNumeric => numeric;
        public override void Reset() => _builder = new TBuilder();

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) appendNull(_builder);
            else append(_builder, reader, ordinal);
        }

        public override IArrowArray Build() => _builder.Build(default);
    }

    /// <summary>Timestamps as µs since the epoch, UTC; DuckDB's values are UTC wall times (the session zone is UTC).</summary>
    private sealed class TimestampColumn : ResultColumn
    {
        private TimestampArray.Builder _builder = new(Storage.ArrowBuffers.MicrosUtc);
        public override IArrowType Type => Storage.ArrowBuffers.MicrosUtc;
        public override void Reset() => _builder = new TimestampArray.Builder(Storage.ArrowBuffers.MicrosUtc);

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _builder.AppendNull();
            else _builder.Append(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(ordinal), DateTimeKind.Utc)));
        }

        public override IArrowArray Build() => _builder.Build();
    }

    private sealed class DecimalColumn(Decimal128Type type, Action<Decimal128Array.Builder, DbDataReader, int> append) : ResultColumn
    {
        private Decimal128Array.Builder _builder = new(type);
        public override IArrowType Type => type;
        public override bool IsNumeric => true;
        public override void Reset() => _builder = new Decimal128Array.Builder(type);

        public override void Append(DbDataReader reader, int ordinal)
        {
            if (reader.IsDBNull(ordinal)) _builder.AppendNull();
            else append(_builder, reader, ordinal);
        }

        public override IArrowArray Build() => _builder.Build();
    }
}
