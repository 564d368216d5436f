using System.Text;
using System.Text.Json;

namespace Columnar.Ingest;

/// <summary>
/// JSON Lines: one object per physical line, read with <see cref="Utf8JsonReader"/> straight from the byte window. The columns are
/// the keys of the first object. A missing key or JSON null is null; strings are unescaped; numbers keep their literal text;
/// nested objects and arrays are kept as raw JSON text.
/// </summary>
internal sealed class JsonLinesSource : BufferedTextSource
{
    private readonly string[] _columns;
    private readonly byte[][] _utf8Names;
    private FieldKind[] _kinds = [];
    private bool[] _seen = [];
    private bool[] _structured = [];
    private int[] _lengths = [];
    private bool[] _bools = [];
    private bool _pending;

    public JsonLinesSource(Stream stream, string fileName, int bufferSize = 1 << 20) : base(stream, bufferSize)
    {
        _pending = Advance();
        if (!_pending)
        {
            _columns = [];
            _utf8Names = [];
            return;
        }
        var names = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(Buf.AsSpan(RecordStart, RecordEnd - RecordStart));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!names.Contains(name)) names.Add(name);
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new ColumnarException(ErrorCodes.BadJson, $"the first line must be a JSON object, whose keys name the columns ({ex.Message})",
                fileName, Line);
        }
        _columns = names.ToArray();
        _utf8Names = names.Select(Encoding.UTF8.GetBytes).ToArray();
        _kinds = new FieldKind[_columns.Length];
        _seen = new bool[_columns.Length];
        _structured = new bool[_columns.Length];
        _lengths = new int[_columns.Length];
        _bools = new bool[_columns.Length];
    }

    public override IReadOnlyList<string> Columns => _columns;

    public override bool MoveNext()
    {
        if (_pending) _pending = false;
        else if (!Advance()) return false;
        Problem = ParseObject();
        return true;
    }

    protected override ParseResult TryParse(int pos, out int next, out int lines)
    {
        lines = 1;
        RecordStart = pos;
        var i = Buf.AsSpan(pos, End - pos).IndexOf((byte)'\n');
        int lineEnd;
        if (i < 0)
        {
            if (!Eof)
            {
                next = pos;
                return ParseResult.Incomplete;
            }
            lineEnd = End;
            next = End;
            Terminated = false;
        }
        else
        {
            lineEnd = pos + i;
            next = lineEnd + 1;
            Terminated = true;
        }
        if (lineEnd > pos && Buf[lineEnd - 1] == (byte)'\r') lineEnd--;
        RecordEnd = lineEnd;
        return Buf.AsSpan(pos, lineEnd - pos).Trim(" \t"u8).IsEmpty ? ParseResult.Blank : ParseResult.Record;
    }

    private RowProblem? ParseObject()
    {
        Array.Fill(_kinds, FieldKind.Null);
        Array.Clear(_seen);
        Array.Clear(_structured);
        var span = Buf.AsSpan(RecordStart, RecordEnd - RecordStart);
        if (FirstInvalidUtf8(span) is var offset and >= 0)
        {
            return new RowProblem(ErrorCodes.BadValue, null,
                $"not UTF-8 text: byte 0x{span[offset]:X2} at byte {offset + 1} of the line (only UTF-8 input is read; convert the file)");
        }
        try
        {
            var reader = new Utf8JsonReader(span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return new RowProblem(ErrorCodes.BadJson, null, "the line is not a JSON object");
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject) break;
                var col = -1;
                for (var c = 0; c < _utf8Names.Length; c++)
                {
                    if (reader.ValueTextEquals(_utf8Names[c])) { col = c; break; }
                }
                if (col >= 0)
                {
                    // JSON allows a repeated key and readers disagree on which value wins: refuse rather than pick one silently.
                    if (_seen[col]) return new RowProblem(ErrorCodes.BadJson, _columns[col], $"the key '{_columns[col]}' appears more than once in the object");
                    _seen[col] = true;
                }
                reader.Read();
                switch (reader.TokenType)
                {
                    case JsonTokenType.String:
                        if (col >= 0)
                        {
                            var n = reader.CopyString(Scratch(col, reader.ValueSpan.Length));
                            _kinds[col] = n == 0 ? FieldKind.Null : FieldKind.Text;
                            _lengths[col] = n;
                        }
                        break;
                    case JsonTokenType.Number:
                        if (col >= 0) SetRawText(col, reader.ValueSpan);
                        break;
                    case JsonTokenType.True:
                    case JsonTokenType.False:
                        if (col >= 0)
                        {
                            _kinds[col] = FieldKind.Bool;
                            _bools[col] = reader.TokenType == JsonTokenType.True;
                        }
                        break;
                    case JsonTokenType.Null:
                        break;
                    default:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        if (col >= 0)
                        {
                            SetRawText(col, span[start..(int)reader.BytesConsumed]);
                            _structured[col] = true;
                        }
                        break;
                }
            }
            // Anything after the object is an error; the reader throws on a second top-level value.
            if (reader.Read()) return new RowProblem(ErrorCodes.BadJson, null, "unexpected content after the JSON object");
            return null;
        }
        catch (JsonException ex)
        {
            // The reader's own position suffix ("LineNumber: 0 | BytePositionInLine: 52.") counts from 0 within one line, which
            // reads wrong next to the file's line number; say the 1-based byte instead.
            var message = ex.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut >= 0) message = message[..cut];
            message = message.Replace(" Change the reader options.", "", StringComparison.Ordinal);
            var reason = ex.BytePositionInLine is { } b ? $"invalid JSON at byte {b + 1}: {message}" : $"invalid JSON: {message}";
            return Terminated
                ? new RowProblem(ErrorCodes.BadJson, null, reason)
                : new RowProblem(ErrorCodes.TruncatedRow, null, $"the last line is cut off (no line terminator); {reason}");
        }
    }

    private void SetRawText(int col, ReadOnlySpan<byte> utf8)
    {
        var chars = Scratch(col, utf8.Length);
        _lengths[col] = Encoding.UTF8.GetChars(utf8, chars);
        _kinds[col] = FieldKind.Text;
    }

    public override FieldKind Kind(int col) => _kinds[col];

    public override bool IsStructured(int col) => _structured[col];

    public override ReadOnlySpan<char> Text(int col) => _kinds[col] switch
    {
        FieldKind.Text => Scratch(col, _lengths[col]),
        FieldKind.Bool => _bools[col] ? "true" : "false",
        _ => [],
    };

    public override bool Bool(int col) => _bools[col];
}
