using System.Text;

namespace Columnar.Ingest;

/// <summary>Writes quarantined rows as CSV <c>line,code,column,reason,raw</c>; the file is created on the first reject only.</summary>
internal sealed class RejectsWriter(string path) : IDisposable
{
    private StreamWriter? _writer;

    public string Path { get; } = path;

    public bool Any => _writer is not null;

    public void Write(long line, RowProblem problem, string raw)
    {
        if (_writer is null)
        {
            try
            {
                var full = System.IO.Path.GetFullPath(Path);
                if (Directory.Exists(full)) throw new IOException("it is a directory");
                var dir = System.IO.Path.GetDirectoryName(full);
                if (!string.IsNullOrEmpty(dir)) Directory.CreateDirectory(dir);
                _writer = new StreamWriter(Path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                throw new ColumnarException(ErrorCodes.CannotWrite, $"cannot write the rejects file '{Path}': {(ex is UnauthorizedAccessException ? "permission denied" : ex.Message)}", inner: ex);
            }
            _writer.WriteLine("line,code,column,reason,raw");
        }
        _writer.Write(line.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _writer.Write(',');
        _writer.Write(problem.Code);
        _writer.Write(',');
        _writer.Write(Csv.Escape(problem.Column));
        _writer.Write(',');
        _writer.Write(Csv.Escape(problem.Reason));
        _writer.Write(',');
        _writer.WriteLine(Csv.Escape(raw));
    }

    public void Dispose() => _writer?.Dispose();
}
