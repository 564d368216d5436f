using System.Data.Common;
using DuckDB.NET.Data;

namespace Columnar.Ingest;

/// <summary>
/// Parquet rows through the embedded DuckDB engine (<c>read_parquet</c>), in file order. Native types are kept: integers as
/// int64, floats as double, decimals (up to 28 digits) as decimal, timestamps as µs UTC, dates as days; anything else is read as text.
/// The "line" of a row is its 1-based row number. The row path's reader; <see cref="ParquetColumnarLoader"/> shares its projection.
/// </summary>
internal sealed class ParquetSource : RowSource
{
    private readonly string _fileName;
    private readonly DuckDBConnection _connection;
    private readonly DbCommand _command;
    private readonly DbDataReader _reader;
    private readonly string[] _columns;
    private readonly FieldKind[] _kinds;
    private readonly string?[] _texts;
    private readonly long _totalBytes;
    private readonly long _totalRows;
    private long _row;

    public ParquetSource(string path, string fileName)
    {
        _fileName = fileName;
        _totalBytes = new FileInfo(path).Length;
        _connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            _connection.Open();
            var source = ReadParquet(path);
            var described = new List<(string Name, string Type)>();
            using (var describe = _connection.CreateCommand())
            {
                describe.CommandText = $"DESCRIBE SELECT * FROM {source}";
                using var r = describe.ExecuteReader();
                while (r.Read()) described.Add((r.GetString(0), r.GetString(1)));
            }
            using (var count = _connection.CreateCommand())
            {
                count.CommandText = $"SELECT count(*) FROM {source}";
                _totalRows = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            _columns = described.Select(d => d.Name).ToArray();
            _kinds = new FieldKind[_columns.Length];
            _texts = new string?[_columns.Length];
            var select = new List<string>(_columns.Length);
            for (var c = 0; c < _columns.Length; c++)
            {
                var (kind, expression) = Project(Quote(_columns[c]), described[c].Type);
                _kinds[c] = kind;
                select.Add(expression);
            }
            _command = _connection.CreateCommand();
            _command.CommandText = $"SELECT {string.Join(", ", select)} FROM {source}";
            _reader = _command.ExecuteReader();
        }
        catch (Exception ex) when (ex is not ColumnarException)
        {
            _connection.Dispose();
            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Parquet file: {ex.Message}", fileName, inner: ex);
        }
    }

    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>How a DuckDB column type is projected: the kind the loader sees and the SQL expression that produces it.</summary>
    internal static (FieldKind, string) Project(string column, string type)
    {
        var t = type.ToUpperInvariant();
        if (t.StartsWith("TIMESTAMP", StringComparison.Ordinal)) return (FieldKind.Timestamp, $"epoch_us({column})");
        if (t == "DATE") return (FieldKind.Date, $"CAST(date_diff('day', DATE '1970-01-01', {column}) AS BIGINT)");
        if (t == "BOOLEAN") return (FieldKind.Bool, column);
        if (t is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "UTINYINT" or "USMALLINT" or "UINTEGER")
            return (FieldKind.Int64, $"CAST({column} AS BIGINT)");
        if (t is "FLOAT" or "DOUBLE") return (FieldKind.Double, $"CAST({column} AS DOUBLE)");
        if (t.StartsWith("DECIMAL(", StringComparison.Ordinal)
            && int.TryParse(t.AsSpan(8, t.IndexOf(',') - 8), out var precision) && precision <= 28)
            return (FieldKind.Decimal, column);
        if (t == "VARCHAR") return (FieldKind.Text, column);
        return (FieldKind.Text, $"CAST({column} AS VARCHAR)");
    }

    public override IReadOnlyList<string> Columns => _columns;

    public override long BytesRead => _totalRows == 0 ? _totalBytes : (long)((double)_row / _totalRows * _totalBytes);

    public override long TotalBytes => _totalBytes;

    public override bool MoveNext()
    {
        try
        {
            if (!_reader.Read()) return false;
        }
        catch (Exception ex)
        {
            throw new ColumnarException(ErrorCodes.UnreadableFile, $"cannot read the Parquet file: {ex.Message}", _fileName, _row + 1, inner: ex);
        }
        Array.Clear(_texts);
        Line = ++_row;
        return true;
    }

    public override FieldKind Kind(int col) => _reader.IsDBNull(col) ? FieldKind.Null : _kinds[col];

    public override ReadOnlySpan<char> Text(int col)
    {
        if (_reader.IsDBNull(col)) return [];
        if (_kinds[col] != FieldKind.Text) return Render(col);
        return _texts[col] ??= _reader.GetString(col);
    }

    public override long Int64(int col) => _reader.GetInt64(col);
    public override double Double(int col) => _reader.GetDouble(col);
    public override decimal Decimal(int col) => _reader.GetDecimal(col);
    public override bool Bool(int col) => _reader.GetBoolean(col);
    public override long Temporal(int col) => _reader.GetInt64(col);

    public override string Raw() => RenderRow();

    public override void Dispose()
    {
        _reader?.Dispose();
        _command?.Dispose();
        _connection.Dispose();
    }

    /// <summary>
    /// <c>read_parquet</c> of exactly the file <paramref name="path"/>: DuckDB expands <c>*</c>, <c>?</c> and <c>[...]</c> in
    /// file names as glob patterns, so a file named <c>m?.parquet</c> would also read <c>ms.parquet</c>. Each such character
    /// is put in a one-character class (<c>[?]</c>), which matches only itself, and quotes are doubled for the SQL literal.
    /// </summary>
    internal static string ReadParquet(string path)
    {
        var literal = new System.Text.StringBuilder(path.Length + 8);
        foreach (var c in path)
            literal.Append(c switch { '*' => "[*]", '?' => "[?]", '[' => "[[]", '\'' => "''", _ => c.ToString() });
        return $"read_parquet('{literal}')";
    }
}
