using System.Globalization;

namespace Columnar.Ingest;

/// <summary>The value of a derived column for one row: null, text or decimal.</summary>
internal readonly record struct DerivedValue(FieldKind Kind, string? Text, decimal Decimal)
{
    public static DerivedValue Null => default;
    public static DerivedValue Of(string text) => new(FieldKind.Text, text, 0);
    public static DerivedValue Of(decimal value) => new(FieldKind.Decimal, null, value);
}

/// <summary>
/// A preset-specific column computed from other columns of the same row (for example UCI's line amount = Quantity × UnitPrice).
/// Derived columns appear after the file's own columns and can be mapped like them.
/// </summary>
/// <param name="Name">The column name the mapping refers to.</param>
/// <param name="Inputs">The source columns it reads.</param>
/// <param name="Compute">Computes the value from the row, given the indexes of <paramref name="Inputs"/>; returns a problem for bad input.</param>
internal sealed record DerivedColumn(string Name, IReadOnlyList<string> Inputs, DerivedColumn.Function Compute)
{
    public delegate DerivedValue Function(RowSource row, ReadOnlySpan<int> inputs, out RowProblem? problem);

    /// <summary>UCI raw line items: <c>cancel</c> for invoice numbers starting with 'C', else <c>purchase</c>.</summary>
    public static DerivedColumn InvoiceKind(string invoiceColumn, string name) => new(name, [invoiceColumn],
        (RowSource row, ReadOnlySpan<int> inputs, out RowProblem? problem) =>
        {
            problem = null;
            if (row.Kind(inputs[0]) == FieldKind.Null) return DerivedValue.Null;
            var invoice = row.Text(inputs[0]);
            return DerivedValue.Of(invoice.Length > 0 && (invoice[0] == 'C' || invoice[0] == 'c') ? "cancel" : "purchase");
        });

    /// <summary>An exact product of two columns parsed as decimals (for example Quantity × UnitPrice).</summary>
    public static DerivedColumn Product(string left, string right, string name) => new(name, [left, right],
        (RowSource row, ReadOnlySpan<int> inputs, out RowProblem? problem) =>
        {
            problem = null;
            if (row.Kind(inputs[0]) == FieldKind.Null || row.Kind(inputs[1]) == FieldKind.Null) return DerivedValue.Null;
            if (!ValueReader.TryDecimal(row, inputs[0], out var a))
            {
                problem = new RowProblem(ErrorCodes.BadValue, left, $"cannot parse '{row.Text(inputs[0])}' as decimal");
                return DerivedValue.Null;
            }
            if (!ValueReader.TryDecimal(row, inputs[1], out var b))
            {
                problem = new RowProblem(ErrorCodes.BadValue, right, $"cannot parse '{row.Text(inputs[1])}' as decimal");
                return DerivedValue.Null;
            }
            try
            {
                return DerivedValue.Of(a * b);
            }
            catch (OverflowException)
            {
                problem = new RowProblem(ErrorCodes.BadValue, name, $"{a.ToString(CultureInfo.InvariantCulture)} × {b.ToString(CultureInfo.InvariantCulture)} overflows decimal");
                return DerivedValue.Null;
            }
        });
}

/// <summary>Adds a preset's derived columns after the columns of an inner source.</summary>
internal sealed class DerivedSource : RowSource
{
    private readonly RowSource _inner;
    private readonly DerivedColumn[] _derived;
    private readonly int[][] _inputs;
    private readonly DerivedValue[] _values;
    private readonly string[] _columns;
    private readonly int _n;
    private RowProblem? _deferred;

    public DerivedSource(RowSource inner, IEnumerable<DerivedColumn> derived)
    {
        _inner = inner;
        _n = inner.Columns.Count;
        // A derived column whose inputs the file lacks is left out; mapping it then reports the missing column.
        _derived = derived.Where(d => d.Inputs.All(i => inner.Columns.Contains(i))).ToArray();
        _inputs = _derived.Select(d => d.Inputs.Select(i => inner.Columns.ToList().IndexOf(i)).ToArray()).ToArray();
        _values = new DerivedValue[_derived.Length];
        _columns = [.. inner.Columns, .. _derived.Select(d => d.Name)];
    }

    public override IReadOnlyList<string> Columns => _columns;
    public override long BytesRead => _inner.BytesRead;
    public override long TotalBytes => _inner.TotalBytes;
    public override long BlankLines { get => _inner.BlankLines; protected set { } }
    public override RowProblem? DeferredProblem => _deferred;

    public override bool MoveNext()
    {
        if (!_inner.MoveNext()) return false;
        Line = _inner.Line;
        Problem = _inner.Problem;
        _deferred = null;
        for (var d = 0; d < _derived.Length; d++)
        {
            _values[d] = DerivedValue.Null;
            if (Problem is not null) continue;
            _values[d] = _derived[d].Compute(_inner, _inputs[d], out var problem);
            _deferred ??= problem;
        }
        return true;
    }

    public override FieldKind Kind(int col) => col < _n ? _inner.Kind(col) : _values[col - _n].Kind;

    public override ReadOnlySpan<char> Text(int col)
    {
        if (col < _n) return _inner.Text(col);
        var v = _values[col - _n];
        return v.Kind == FieldKind.Text ? v.Text : v.Kind == FieldKind.Null ? [] : Render(col);
    }

    public override long Int64(int col) => _inner.Int64(col);
    public override double Double(int col) => _inner.Double(col);
    public override decimal Decimal(int col) => col < _n ? _inner.Decimal(col) : _values[col - _n].Decimal;
    public override bool Bool(int col) => _inner.Bool(col);
    public override long Temporal(int col) => _inner.Temporal(col);
    public override string Raw() => _inner.Raw();
    public override void Dispose() => _inner.Dispose();
}
