using System.Data.Common;

namespace Columnar.Output;

/// <summary>
/// Writes an output file all at once or not at all: the content goes to a temporary file in the target's directory, which
/// then replaces the target, so a failed write never leaves a half-written file under the user's name. A symbolic link is
/// followed (the link stays, its final target gets the content), and a device, FIFO or socket is written to directly, as a
/// stream. Every failure is a <see cref="ColumnarException"/> with code <see cref="ErrorCodes.CannotWrite"/> naming the path
/// as the user gave it.
/// </summary>
internal static class OutputFile
{
    /// <summary>
    /// Runs <paramref name="write"/> against a temporary path next to the file <paramref name="path"/> names, then moves it into
    /// place; runs it against <paramref name="path"/> itself when that is a device, FIFO or socket (or under /dev or /proc).
    /// </summary>
    /// <exception cref="ColumnarException">COL0018: the directory is missing, the path is a directory, or the write failed.</exception>
    public static void Write(string path, Action<string> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw Fail(path, "it is a directory");
        if (IsStream(full))
        {
            // Replacing /dev/null or a FIFO would break it for everyone else; and there is nothing to keep whole.
            Run(path, full, null, write);
            return;
        }
        var named = full;
        full = LinkTarget(path, full);
        if (LoadedInputs.Clash(full) is { } input)
            throw Fail(path, $"it is the file the loaded table came from ('{input}'); writing it would destroy that data (dispose the table first to replace it on purpose)");
        if (File.Exists(full) && IsReadOnly(full))
            throw Fail(path, "the file is read-only");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            var given = full == named ? Path.GetDirectoryName(path) : dir;
            throw Fail(path, $"the directory '{(string.IsNullOrEmpty(given) ? dir : given)}' does not exist");
        }
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Run(path, temp, full, write);
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

    /// <summary>A file whose permissions give no one write access (or with the read-only attribute on Windows): the move over it
    /// would succeed where the directory allows it, and for root always, so it is checked here.</summary>
    private static bool IsReadOnly(string full)
    {
        try
        {
            if (OperatingSystem.IsWindows()) return File.GetAttributes(full).HasFlag(FileAttributes.ReadOnly);
            return (File.GetUnixFileMode(full) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // the write itself will report what is wrong
        }
    }

    /// <summary>Writes <paramref name="target"/>, then moves it to <paramref name="final"/> unless that is null.</summary>
    private static void Run(string path, string target, string? final, Action<string> write)
    {
        try
        {
            write(target);
            if (final is not null) File.Move(target, final, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbException or NotSupportedException
                                      || e is ColumnarException { Code: ErrorCodes.EngineError })
        {
            throw Fail(path, Reason(e).Replace(target, path, StringComparison.Ordinal), e);
        }
    }

    /// <summary>Whether <paramref name="full"/> is a stream rather than a file to replace: an existing device, FIFO or socket, or a
    /// name under /dev or /proc (such as /dev/stdout, whose link ends at a terminal, a pipe, or the file the shell opened).</summary>
    private static bool IsStream(string full)
    {
        if (OperatingSystem.IsWindows()) return false;
        if (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal)) return true;
        return UnixFiles.Stat(full) is { Kind: UnixFiles.Kind.Special };
    }

    /// <summary>The file a symbolic link at <paramref name="full"/> finally names (itself when it is not a link), so the link survives the move.</summary>
    private static string LinkTarget(string path, string full)
    {
        try
        {
            return File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName ?? full;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return full; // a new file (or a missing folder, which the caller names)
        }
        catch (IOException e)
        {
            throw Fail(path, $"its symbolic links cannot be followed ({e.Message})", e);
        }
    }

    /// <summary>Writes text (UTF-8 without a byte-order mark) through <see cref="Write"/>.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, temp => File.WriteAllText(temp, text, new System.Text.UTF8Encoding(false)));

    /// <summary>
    /// Whether writing <paramref name="a"/> would replace the file <paramref name="b"/>: on Linux two existing files are compared by
    /// device and inode (so a hard link or any symbolic link on the way is seen); otherwise the real paths are compared, with
    /// every symbolic link resolved, folders included (case-insensitively on Windows and macOS, whose usual file systems ignore
    /// case). A device, FIFO or socket is a stream, not a file to overwrite, so it never clashes (two outputs to /dev/null do not).
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        var (sa, sb) = (UnixFiles.Stat(Path.GetFullPath(a)), UnixFiles.Stat(Path.GetFullPath(b)));
        if (sa is { Kind: UnixFiles.Kind.Special } || sb is { Kind: UnixFiles.Kind.Special }) return false;
        if (sa is { } x && sb is { } y) return x.Device == y.Device && x.Inode == y.Inode;
        return string.Equals(Resolve(a), Resolve(b), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
    }

    /// <summary>
    /// The real path of <paramref name="path"/>: its own when it exists; else the final target of a dangling link (where
    /// <see cref="Write"/> would write); else the real path of its nearest existing folder with the rest of the name appended.
    /// </summary>
    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        if (UnixFiles.RealPath(full) is { } real) return real;
        try
        {
            if (File.ResolveLinkTarget(full, returnFinalTarget: true) is { } target && target.FullName != full) return Resolve(target.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not a link, missing, or a loop: resolve the folders above it.
        }
        return Path.GetDirectoryName(full) is { } parent && parent != full ? Path.Join(Resolve(parent), Path.GetFileName(full)) : full;
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
