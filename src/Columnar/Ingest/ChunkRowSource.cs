using System.Text;

namespace Columnar.Ingest;

/// <summary>
/// One row at a time of a DuckDB data chunk, seen as a <see cref="RowSource"/>: the columnar Parquet loader hands it to the same
/// value readers as the row path for the uncommon conversions (text times, text numbers, ...) and to render rejected rows, so both
/// paths read, convert and render every value alike. Column kinds and values match <see cref="ParquetSource"/> exactly.
/// </summary>
internal sealed unsafe class ChunkRowSource : RowSource
{
    private readonly IReadOnlyList<string> _columns;
    private readonly FieldKind[] _kinds;
    private readonly byte[] _decimalScales;
    private readonly void*[] _data;
    private readonly ulong*[] _validity;
    private readonly string?[] _texts;
    private int _row;

    /// <param name="columns">The column names.</param>
    /// <param name="kinds">How each column is read (as <see cref="ParquetSource"/> projects it).</param>
    /// <param name="decimalScales">The scale of each decimal column (stored as int64 unscaled values); ignored for other kinds.</param>
    public ChunkRowSource(IReadOnlyList<string> columns, FieldKind[] kinds, byte[] decimalScales)
    {
        _columns = columns;
        _kinds = kinds;
        _decimalScales = decimalScales;
        _data = new void*[columns.Count];
        _validity = new ulong*[columns.Count];
        _texts = new string?[columns.Count];
    }

    /// <summary>Points the source at the vectors of the stream's current chunk.</summary>
    public void Load(DuckDbChunkStream stream)
    {
        Array.Clear(_texts);
        for (var c = 0; c < _data.Length; c++)
        {
            _data[c] = stream.Data(c);
            _validity[c] = stream.Validity(c);
        }
    }

    /// <summary>Moves to row <paramref name="row"/> of the chunk, whose 1-based row number in the file is <paramref name="line"/>.</summary>
    public void At(int row, long line)
    {
        if (_row != row || Line != line) Array.Clear(_texts);
        _row = row;
        Line = line;
    }

    public void* Data(int col) => _data[col];

    /// <summary>How column <paramref name="col"/> is read when not null.</summary>
    public FieldKind KindOf(int col) => _kinds[col];

    public ulong* Validity(int col) => _validity[col];

    public override IReadOnlyList<string> Columns => _columns;
    public override long BytesRead => 0;
    public override long TotalBytes => 0;
    public override bool MoveNext() => throw new NotSupportedException("a chunk row source is positioned with At");

    public bool IsNull(int col)
    {
        var v = _validity[col];
        return v is not null && (v[_row >> 6] & (1UL << (_row & 63))) == 0;
    }

    public override FieldKind Kind(int col) => IsNull(col) ? FieldKind.Null : _kinds[col];

    public override ReadOnlySpan<char> Text(int col)
    {
        if (IsNull(col)) return [];
        if (_kinds[col] != FieldKind.Text) return Render(col);
        return _texts[col] ??= Decode((byte*)_data[col] + 16 * _row);
    }

    /// <summary>The text of a <c>duckdb_string_t</c>.</summary>
    public static string Decode(byte* s)
    {
        var length = *(int*)s;
        var bytes = length <= 12 ? s + 4 : *(byte**)(s + 8);
        return Encoding.UTF8.GetString(bytes, length);
    }

    public override long Int64(int col) => ((long*)_data[col])[_row];
    public override double Double(int col) => ((double*)_data[col])[_row];
    public override bool Bool(int col) => ((byte*)_data[col])[_row] != 0;
    public override long Temporal(int col) => ((long*)_data[col])[_row];

    public override decimal Decimal(int col) => ToDecimal(((long*)_data[col])[_row], _decimalScales[col]);

    /// <summary>An unscaled int64 decimal as a <see cref="decimal"/> carrying the column's scale (trailing zeros kept).</summary>
    public static decimal ToDecimal(long raw, byte scale)
    {
        var abs = raw < 0 ? (ulong)(-(raw + 1)) + 1 : (ulong)raw;
        return new decimal((int)abs, (int)(abs >> 32), 0, raw < 0, scale);
    }

    public override string Raw() => RenderRow();

    public override void Dispose()
    {
    }
}
