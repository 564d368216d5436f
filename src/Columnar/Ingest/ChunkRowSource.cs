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
    /// <param name="derived">The preset's derived columns whose inputs the file has; they follow the file's columns.</param>
    public ChunkRowSource(IReadOnlyList<string> columns, FieldKind[] kinds, byte[] decimalScales, IReadOnlyList<DerivedColumn> derived)
    {
        _fileColumns = columns.Count;
        _columns = [.. columns, .. derived.Select(d => d.Name)];
        _kinds = [.. kinds, .. derived.Select(_ => FieldKind.Null)];
        _decimalScales = decimalScales;
        _data = new void*[_columns.Count];
        _validity = new ulong*[_columns.Count];
        _texts = new string?[_columns.Count];
        _derived = derived.ToArray();
        _inputs = _derived.Select(d => d.Inputs.Select(i => columns.ToList().IndexOf(i)).ToArray()).ToArray();
        _derivedValues = _derived.Select(_ => new DerivedValue[2048]).ToArray();
    }

    private readonly int _fileColumns;
    private readonly DerivedColumn[] _derived;
    private readonly int[][] _inputs;
    private DerivedValue[][] _derivedValues;
    private RowProblem?[] _deferred = new RowProblem?[2048];

    /// <summary>True when the preset derives columns from the file's.</summary>
    public bool HasDerived => _derived.Length > 0;

    /// <summary>
    /// Computes the derived columns of every row of the chunk (as <see cref="DerivedSource"/> does row by row) and remembers each
    /// row's first problem, which the loader raises after the user, time and event checks.
    /// </summary>
    public void Derive(int size, long firstLine)
    {
        if (size > _deferred.Length)
        {
            _deferred = new RowProblem?[size];
            _derivedValues = _derived.Select(_ => new DerivedValue[size]).ToArray();
        }
        for (var i = 0; i < size; i++)
        {
            At(i, firstLine + i);
            _deferred[i] = null;
            for (var d = 0; d < _derived.Length; d++)
            {
                _derivedValues[d][i] = _derived[d].Compute(this, _inputs[d], out var problem);
                _deferred[i] ??= problem;
            }
        }
    }

    /// <summary>The derived columns' first problem on row <paramref name="row"/> of the chunk, or null.</summary>
    public RowProblem? Deferred(int row) => _deferred[row];

    private DerivedValue DerivedAt(int col) => _derivedValues[col - _fileColumns][_row];

    /// <summary>Points the source at the vectors of the stream's current chunk.</summary>
    public void Load(DuckDbChunkStream stream)
    {
        Array.Clear(_texts);
        for (var c = 0; c < _fileColumns; c++)
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
        if (col >= _fileColumns) return DerivedAt(col).Kind == FieldKind.Null;
        var v = _validity[col];
        return v is not null && (v[_row >> 6] & (1UL << (_row & 63))) == 0;
    }

    public override FieldKind Kind(int col) => col >= _fileColumns ? DerivedAt(col).Kind : IsNull(col) ? FieldKind.Null : _kinds[col];

    public override ReadOnlySpan<char> Text(int col)
    {
        if (col >= _fileColumns)
        {
            var v = DerivedAt(col);
            return v.Kind == FieldKind.Text ? v.Text : v.Kind == FieldKind.Null ? [] : Render(col);
        }
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

    public override decimal Decimal(int col) => col >= _fileColumns ? DerivedAt(col).Decimal : ToDecimal(((long*)_data[col])[_row], _decimalScales[col]);

    /// <summary>An unscaled int64 decimal as a <see cref="decimal"/> carrying the column's scale (trailing zeros kept).</summary>
    public static decimal ToDecimal(long raw, byte scale)
    {
        var abs = raw < 0 ? (ulong)(-(raw + 1)) + 1 : (ulong)raw;
        return new decimal((int)abs, (int)(abs >> 32), 0, raw < 0, scale);
    }

    /// <summary>A CSV rendering of the file's own columns (derived columns are not part of the row), as the row path writes it.</summary>
    public override string Raw()
    {
        var sb = new StringBuilder();
        for (var c = 0; c < _fileColumns; c++)
        {
            if (c > 0) sb.Append(',');
            if (Kind(c) != FieldKind.Null) sb.Append(Csv.Escape(Text(c).ToString()));
        }
        return sb.ToString();
    }

    public override void Dispose()
    {
    }
}
