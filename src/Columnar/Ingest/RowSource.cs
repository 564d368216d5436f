using System.Globalization;
using System.Text;

namespace Columnar.Ingest;

/// <summary>How a field of the current row is held by its source.</summary>
internal enum FieldKind
{
    /// <summary>Missing, SQL/JSON null, or an empty text field.</summary>
    Null,
    /// <summary>Text, read with <see cref="RowSource.Text"/>.</summary>
    Text,
    /// <summary>A native integer.</summary>
    Int64,
    /// <summary>A native floating-point number.</summary>
    Double,
    /// <summary>A native exact decimal.</summary>
    Decimal,
    /// <summary>A native boolean.</summary>
    Bool,
    /// <summary>A native instant, µs since the Unix epoch, UTC.</summary>
    Timestamp,
    /// <summary>A native calendar date (days since 1970-01-01), meaning local midnight in the load's time zone.</summary>
    Date,
}

/// <summary>Why a row cannot be loaded.</summary>
internal readonly record struct RowProblem(string Code, string? Column, string Reason);

/// <summary>
/// A forward-only reader of the rows of one input file. Each row knows its 1-based physical start line (text) or row number (binary).
/// Structural problems of a row (wrong field count, bad quoting, bad JSON, truncation) are reported through <see cref="Problem"/>
/// so the loader can quarantine them. Spans returned by <see cref="Text"/> stay valid until the next <see cref="MoveNext"/>, and
/// spans of different columns do not overwrite each other.
/// </summary>
internal abstract class RowSource : IDisposable
{
    private char[][] _scratch = [];

    /// <summary>The column names.</summary>
    public abstract IReadOnlyList<string> Columns { get; }

    /// <summary>The 1-based line (text) or row (binary) where the current row starts.</summary>
    public long Line { get; protected set; }

    /// <summary>A structural problem of the current row, or null.</summary>
    public RowProblem? Problem { get; protected set; }

    /// <summary>Bytes consumed so far.</summary>
    public abstract long BytesRead { get; }

    /// <summary>The size of the input in bytes.</summary>
    public abstract long TotalBytes { get; }

    /// <summary>Blank lines skipped (text formats).</summary>
    public virtual long BlankLines { get; protected set; }

    /// <summary>A problem found while computing derived columns, raised after the user, time and event are checked.</summary>
    public virtual RowProblem? DeferredProblem => null;

    /// <summary>Advances to the next row; false at the end of the input.</summary>
    public abstract bool MoveNext();

    /// <summary>How column <paramref name="col"/> of the current row is held.</summary>
    public abstract FieldKind Kind(int col);

    /// <summary>True when the field holds a nested value (a JSON object or array) rendered as its text.</summary>
    public virtual bool IsStructured(int col) => false;

    /// <summary>The text of a <see cref="FieldKind.Text"/> field, or the invariant rendering of any other non-null field.</summary>
    public abstract ReadOnlySpan<char> Text(int col);

    /// <summary>The value of an <see cref="FieldKind.Int64"/> field.</summary>
    public virtual long Int64(int col) => throw new InvalidOperationException("not an integer field");

    /// <summary>The value of a <see cref="FieldKind.Double"/> field.</summary>
    public virtual double Double(int col) => throw new InvalidOperationException("not a double field");

    /// <summary>The value of a <see cref="FieldKind.Decimal"/> field.</summary>
    public virtual decimal Decimal(int col) => throw new InvalidOperationException("not a decimal field");

    /// <summary>The value of a <see cref="FieldKind.Bool"/> field.</summary>
    public virtual bool Bool(int col) => throw new InvalidOperationException("not a boolean field");

    /// <summary>The value of a <see cref="FieldKind.Timestamp"/> (µs UTC) or <see cref="FieldKind.Date"/> (days) field.</summary>
    public virtual long Temporal(int col) => throw new InvalidOperationException("not a temporal field");

    /// <summary>The original text of the current row (text formats) or a CSV rendering of its values (binary formats).</summary>
    public abstract string Raw();

    /// <summary>A per-column char buffer of at least <paramref name="length"/> chars.</summary>
    protected Span<char> Scratch(int col, int length)
    {
        if (col >= _scratch.Length) Array.Resize(ref _scratch, Math.Max(col + 1, _scratch.Length * 2 + 4));
        var buf = _scratch[col];
        if (buf is null || buf.Length < length) _scratch[col] = buf = new char[Math.Max(length, 64)];
        return buf.AsSpan(0, length);
    }

    /// <summary>Formats a native value as text into the column's scratch buffer.</summary>
    protected ReadOnlySpan<char> Render(int col)
    {
        string text;
        try
        {
            text = RenderValue(col);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A timestamp or date outside DateTime's range: show the raw number.
            text = Temporal(col).ToString(CultureInfo.InvariantCulture);
        }
        var span = Scratch(col, text.Length);
        text.CopyTo(span);
        return span;
    }

    private string RenderValue(int col) => Kind(col) switch
        {
            FieldKind.Int64 => Int64(col).ToString(CultureInfo.InvariantCulture),
            FieldKind.Double => Double(col).ToString("R", CultureInfo.InvariantCulture),
            FieldKind.Decimal => Decimal(col).ToString(CultureInfo.InvariantCulture),
            FieldKind.Bool => Bool(col) ? "true" : "false",
            FieldKind.Timestamp => DateTime.UnixEpoch.AddTicks(Temporal(col) * 10).ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
            FieldKind.Date => DateTime.UnixEpoch.AddDays(Temporal(col)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => "",
        };

    /// <summary>A CSV rendering of the current row's values (for binary formats' rejects).</summary>
    protected string RenderRow()
    {
        var sb = new StringBuilder();
        for (var c = 0; c < Columns.Count; c++)
        {
            if (c > 0) sb.Append(',');
            if (Kind(c) != FieldKind.Null) sb.Append(Csv.Escape(Text(c).ToString()));
        }
        return sb.ToString();
    }

    /// <inheritdoc />
    public abstract void Dispose();
}

/// <summary>CSV escaping for rejects files and rendered rows.</summary>
internal static class Csv
{
    public static string Escape(string? s)
    {
        if (string.IsNullOrEmpty(s)) return "";
        if (s.AsSpan().IndexOfAny(",\"\r\n") < 0) return s;
        return "\"" + s.Replace("\"", "\"\"") + "\"";
    }
}
