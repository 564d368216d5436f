using System.Data.Common;

namespace Columnar.Output;

/// <summary>
/// Writes an output file all at once or not at all: the content goes to a temporary file in the target's directory, which
/// then replaces the target, so a failed write never leaves a half-written file under the user's name. Every failure is a
/// <see cref="ColumnarException"/> with code <see cref="ErrorCodes.CannotWrite"/> naming the path as the user gave it.
/// </summary>
internal static class OutputFile
{
    /// <summary>Runs <paramref name="write"/> against a temporary path next to <paramref name="path"/>, then moves it into place.</summary>
    /// <exception cref="ColumnarException">COL0018: the directory is missing, the path is a directory, or the write failed.</exception>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw Fail(path, "it is a directory");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            var given = Path.GetDirectoryName(path);
            throw Fail(path, $"the directory '{(string.IsNullOrEmpty(given) ? dir : given)}' does not exist");
        }
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbException or NotSupportedException
                                      || e is ColumnarException { Code: ErrorCodes.EngineError })
        {
            throw Fail(path, Reason(e).Replace(temp, path, StringComparison.Ordinal), e);
        }
        finally
        {
            try
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Best effort: the original error matters more than a leftover temporary file.
            }
        }
    }

    /// <summary>Writes text (UTF-8 without a byte-order mark) through <see cref="Write"/>.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false)));

    /// <summary>
    /// Whether two paths name the same file: their full paths match (so <c>./a.csv</c> and <c>dir/../a.csv</c> do) after a symbolic
    /// link at either is followed; case-insensitively on Windows and macOS, whose usual file systems ignore case.
    /// </summary>
    public static bool SameFile(string a, string b) =>
        string.Equals(Resolve(a), Resolve(b), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return full; // a broken or unreadable link: compare the path itself
        }
    }

    private static ColumnarException Fail(string path, string reason, Exception? inner = null) =>
        new(ErrorCodes.CannotWrite, $"cannot write '{path}': {reason}", inner: inner);

    /// <summary>The reason without the temporary file's name (which the user never chose).</summary>
    private static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "the directory does not exist",
        IOException io when io.HResult == 28 || io.Message.Contains("No space", StringComparison.OrdinalIgnoreCase) => "the disk is full",
        ColumnarException c => c.Reason.Split('\n')[0],
        _ => e.Message,
    };
}
