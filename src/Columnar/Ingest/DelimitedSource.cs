using System.Buffers;
using System.Text;

namespace Columnar.Ingest;

/// <summary>
/// A tokenizer over UTF-8 bytes for CSV, TSV and whitespace-separated text. CSV/TSV follow RFC 4180: a field that starts with a
/// quote runs to the matching quote, <c>""</c> inside it is one quote, and it may hold delimiters and newlines. A quote inside an
/// unquoted field is literal. Lines end with LF, CRLF or CR. Blank lines are skipped and are not rows.
/// </summary>
internal sealed class DelimitedSource : BufferedTextSource
{
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t\r\n"u8);
    private readonly byte _delim;
    private readonly SearchValues<byte> _stops;
    private readonly bool _whitespace;
    private readonly string[] _columns;
    private readonly int _expected;
    private int[] _fs = new int[16];
    private int[] _fe = new int[16];
    private bool[] _esc = new bool[16];
    private int _nf;
    private int _badQuoteField = -1;
    private bool _quoteCut;
    // The unclosed quote ran to a file that ends with a line terminator: a bad quote, not a cut-off last line.
    private bool _quoteCutAtNewline;
    private bool _pending;

    public DelimitedSource(Stream stream, FileFormat format, bool header, IReadOnlyList<string>? names, int bufferSize = 1 << 20)
        : base(stream, bufferSize)
    {
        _whitespace = format == FileFormat.Whitespace;
        _delim = format == FileFormat.Tsv ? (byte)'\t' : (byte)',';
        _stops = SearchValues.Create([_delim, (byte)'\r', (byte)'\n']);
        if (header)
        {
            if (Advance())
            {
                _columns = [];
                if (InvalidUtf8() is { } bad)
                    throw new ColumnarException(ErrorCodes.BadValue, "the header is " + bad.Reason, line: 1);
                _columns = new string[_nf];
                for (var c = 0; c < _nf; c++) _columns[c] = Text(c).Trim().ToString();
            }
            else _columns = names?.ToArray() ?? [];
            _expected = _columns.Length;
        }
        else
        {
            _pending = Advance();
            if (names is not null) _columns = names.ToArray();
            else
            {
                _columns = new string[_pending ? _nf : 0];
                for (var c = 0; c < _columns.Length; c++) _columns[c] = $"column{c + 1}";
            }
            _expected = _columns.Length;
        }
    }

    public override IReadOnlyList<string> Columns => _columns;

    public override bool MoveNext()
    {
        if (_pending) _pending = false;
        else if (!Advance()) return false;
        Problem = Check();
        return true;
    }

    private RowProblem? Check()
    {
        if (_quoteCut)
            return _quoteCutAtNewline
                ? new RowProblem(ErrorCodes.BadQuote, null, "a quoted field that opens in this record is never closed: everything up to the end of the file was read as one record")
                : new RowProblem(ErrorCodes.TruncatedRow, null, "the last line is cut off inside a quoted field (no closing quote, no line terminator)");
        if (_badQuoteField >= 0)
            return new RowProblem(ErrorCodes.BadQuote, _badQuoteField < _columns.Length ? _columns[_badQuoteField] : null,
                $"unexpected character after the closing quote of field {_badQuoteField + 1}");
        if (_nf == _expected) return InvalidUtf8();
        return Terminated
            ? new RowProblem(ErrorCodes.WrongFieldCount, null, $"{_nf} fields, expected {_expected}")
            : new RowProblem(ErrorCodes.TruncatedRow, null, $"the last line is cut off: no line terminator and {_nf} fields, expected {_expected}");
    }

    /// <summary>A record with bytes that are not UTF-8 is rejected, naming the field and the byte: decoding would silently turn
    /// them into U+FFFD and load different text than the file holds.</summary>
    private RowProblem? InvalidUtf8()
    {
        var record = Buf.AsSpan(RecordStart, RecordEnd - RecordStart);
        var offset = FirstInvalidUtf8(record);
        if (offset < 0) return null;
        var at = RecordStart + offset;
        var field = 0;
        while (field < _nf - 1 && at >= _fs[field + 1]) field++;
        return new RowProblem(ErrorCodes.BadValue, field < _columns.Length ? _columns[field] : null,
            $"not UTF-8 text: byte 0x{Buf[at]:X2} at byte {offset + 1} of the record (only UTF-8 input is read; convert the file)");
    }

    public override FieldKind Kind(int col) => col < _nf && _fe[col] > _fs[col] ? FieldKind.Text : FieldKind.Null;

    public override ReadOnlySpan<char> Text(int col)
    {
        if (col >= _nf) return [];
        var bytes = Buf.AsSpan(_fs[col], _fe[col] - _fs[col]);
        var chars = Scratch(col, bytes.Length);
        var n = Encoding.UTF8.GetChars(bytes, chars);
        if (!_esc[col]) return chars[..n];
        // Collapse each doubled quote.
        var w = 0;
        for (var r = 0; r < n; r++)
        {
            chars[w++] = chars[r];
            if (chars[r] == '"' && r + 1 < n && chars[r + 1] == '"') r++;
        }
        return chars[..w];
    }

    private void AddField(int start, int end, bool escaped)
    {
        if (_nf == _fs.Length)
        {
            Array.Resize(ref _fs, _nf * 2);
            Array.Resize(ref _fe, _nf * 2);
            Array.Resize(ref _esc, _nf * 2);
        }
        _fs[_nf] = start;
        _fe[_nf] = end;
        _esc[_nf] = escaped;
        _nf++;
    }

    protected override ParseResult TryParse(int pos, out int next, out int lines)
    {
        _nf = 0;
        _badQuoteField = -1;
        _quoteCut = false;
        _quoteCutAtNewline = false;
        RecordStart = pos;
        lines = 1;
        next = pos;
        return _whitespace ? ParseWhitespace(pos, ref next) : ParseDelimited(pos, ref next, ref lines);
    }

    /// <summary>Finishes a record at a terminator at <paramref name="p"/> (CR, LF or CRLF).</summary>
    private ParseResult EndAtTerminator(int p, ref int next, ParseResult result)
    {
        if (Buf[p] == (byte)'\r')
        {
            if (p + 1 >= End && !Eof) return ParseResult.Incomplete;
            next = p + 1 < End && Buf[p + 1] == (byte)'\n' ? p + 2 : p + 1;
        }
        else next = p + 1;
        RecordEnd = p;
        Terminated = true;
        return result;
    }

    private ParseResult EndAtEof(ref int next, ParseResult result)
    {
        RecordEnd = End;
        next = End;
        Terminated = false;
        return result;
    }

    private ParseResult ParseDelimited(int pos, ref int next, ref int lines)
    {
        var buf = Buf;
        var end = End;
        var p = pos;
        if (buf[p] is (byte)'\r' or (byte)'\n') return EndAtTerminator(p, ref next, ParseResult.Blank);
        while (true)
        {
            int fs, fe;
            var esc = false;
            if (p < end && buf[p] == (byte)'"')
            {
                var q = p + 1;
                while (true)
                {
                    var i = buf.AsSpan(q, end - q).IndexOf((byte)'"');
                    if (i < 0)
                    {
                        if (!Eof) return ParseResult.Incomplete;
                        lines += CountNewlines(buf.AsSpan(p, end - p));
                        AddField(p + 1, end, esc);
                        _quoteCut = true;
                        _quoteCutAtNewline = end > p + 1 && buf[end - 1] is (byte)'\n' or (byte)'\r';
                        return EndAtEof(ref next, ParseResult.Record);
                    }
                    q += i;
                    if (q + 1 >= end && !Eof) return ParseResult.Incomplete;
                    if (q + 1 < end && buf[q + 1] == (byte)'"')
                    {
                        esc = true;
                        q += 2;
                        continue;
                    }
                    break;
                }
                lines += CountNewlines(buf.AsSpan(p + 1, q - p - 1));
                fs = p + 1;
                fe = q;
                p = q + 1;
                if (p < end && buf[p] != _delim && buf[p] != (byte)'\r' && buf[p] != (byte)'\n')
                {
                    // Text after the closing quote: keep scanning to the field's end so the row stays aligned, and flag it.
                    var j = buf.AsSpan(p, end - p).IndexOfAny(_stops);
                    if (j < 0 && !Eof) return ParseResult.Incomplete;
                    if (_badQuoteField < 0) _badQuoteField = _nf;
                    p = j < 0 ? end : p + j;
                }
            }
            else
            {
                var i = buf.AsSpan(p, end - p).IndexOfAny(_stops);
                if (i < 0)
                {
                    if (!Eof) return ParseResult.Incomplete;
                    fs = p;
                    fe = end;
                    p = end;
                }
                else
                {
                    fs = p;
                    fe = p + i;
                    p += i;
                }
            }
            AddField(fs, fe, esc);
            if (p >= end) return EndAtEof(ref next, ParseResult.Record);
            if (buf[p] == _delim)
            {
                p++;
                if (p >= end)
                {
                    if (!Eof) return ParseResult.Incomplete;
                    AddField(p, p, false);
                    return EndAtEof(ref next, ParseResult.Record);
                }
                continue;
            }
            return EndAtTerminator(p, ref next, ParseResult.Record);
        }
    }

    private ParseResult ParseWhitespace(int pos, ref int next)
    {
        var buf = Buf;
        var end = End;
        var p = pos;
        while (true)
        {
            while (p < end && buf[p] is (byte)' ' or (byte)'\t') p++;
            if (p >= end)
            {
                if (!Eof) return ParseResult.Incomplete;
                return EndAtEof(ref next, _nf == 0 ? ParseResult.Blank : ParseResult.Record);
            }
            if (buf[p] is (byte)'\r' or (byte)'\n') return EndAtTerminator(p, ref next, _nf == 0 ? ParseResult.Blank : ParseResult.Record);
            var i = buf.AsSpan(p, end - p).IndexOfAny(Blanks);
            if (i < 0)
            {
                if (!Eof) return ParseResult.Incomplete;
                AddField(p, end, false);
                p = end;
            }
            else
            {
                AddField(p, p + i, false);
                p += i;
            }
        }
    }
}
