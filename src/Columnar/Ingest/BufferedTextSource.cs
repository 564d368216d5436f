namespace Columnar.Ingest;

/// <summary>
/// The buffered UTF-8 byte window shared by the text readers. The file is read in chunks (1 MiB by default); a record is parsed
/// in place, and when it runs past the end of the window the unread tail is moved to the front and the window refilled
/// (and doubled when one record is bigger than the window), so no record is ever split and the file is never held whole.
/// </summary>
internal abstract class BufferedTextSource : RowSource
{
    protected enum ParseResult { Record, Blank, Incomplete }

    private readonly Stream _stream;
    private readonly long _length;
    private long _base;
    private long _nextLine = 1;
    private bool _started;

    protected byte[] Buf;
    protected int End;
    protected bool Eof;
    /// <summary>Where the next record starts.</summary>
    protected int Start;
    /// <summary>The current record's bytes, terminator excluded: <c>[RecordStart, RecordEnd)</c>.</summary>
    protected int RecordStart, RecordEnd;
    /// <summary>True when the current record ended with a line terminator.</summary>
    protected bool Terminated;

    protected BufferedTextSource(Stream stream, int bufferSize)
    {
        _stream = stream;
        _length = stream.CanSeek ? stream.Length : -1;
        Buf = new byte[Math.Max(bufferSize, 16)];
    }

    public override long BytesRead => _base + Start;

    public override long TotalBytes => _length;

    /// <summary>Parses one record starting at <paramref name="pos"/>; <paramref name="lines"/> is the number of physical lines it spans.</summary>
    protected abstract ParseResult TryParse(int pos, out int next, out int lines);

    /// <summary>Moves to the next non-blank record; false at the end of the file.</summary>
    protected bool Advance()
    {
        while (true)
        {
            if (Start >= End)
            {
                if (Eof) return false;
                Refill();
                continue;
            }
            var r = TryParse(Start, out var next, out var lines);
            if (r == ParseResult.Incomplete)
            {
                Refill();
                continue;
            }
            Line = _nextLine;
            _nextLine += lines;
            Start = next;
            if (r == ParseResult.Blank)
            {
                BlankLines++;
                continue;
            }
            return true;
        }
    }

    private void Refill()
    {
        if (Eof) throw new InvalidOperationException("parser asked for more input after the end of the file");
        var keep = End - Start;
        if (Start > 0)
        {
            Buffer.BlockCopy(Buf, Start, Buf, 0, keep);
            _base += Start;
            Start = 0;
            End = keep;
        }
        if (End == Buf.Length) Array.Resize(ref Buf, checked(Buf.Length * 2));
        var n = 0;
        while (End < Buf.Length && (n = _stream.Read(Buf, End, Buf.Length - End)) > 0) End += n;
        if (End < Buf.Length) Eof = true;
        if (!_started)
        {
            _started = true;
            if (End >= 3 && Buf[0] == 0xEF && Buf[1] == 0xBB && Buf[2] == 0xBF) Start = 3;
        }
    }

    /// <summary>The offset of the first byte of <paramref name="text"/> that is not part of valid UTF-8, or −1 when all of it is
    /// (the validity check is vectorised; the byte is only looked for in the rare invalid record).</summary>
    protected static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        if (System.Text.Unicode.Utf8.IsValid(text)) return -1;
        var offset = 0;
        while (System.Text.Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) == System.Buffers.OperationStatus.Done) offset += consumed;
        return offset;
    }

    protected static int CountNewlines(ReadOnlySpan<byte> span) => System.MemoryExtensions.Count(span, (byte)'\n');

    public override string Raw() => System.Text.Encoding.UTF8.GetString(Buf, RecordStart, RecordEnd - RecordStart);

    public override void Dispose() => _stream.Dispose();
}
