using System.Runtime.InteropServices;

namespace Columnar.Output;

/// <summary>What .NET does not say about a file on Unix: its real path (every symbolic link resolved) and its type and identity.</summary>
internal static partial class UnixFiles
{
    /// <summary>The kind of an existing file, from the type bits of its mode.</summary>
    public enum Kind { Regular, Directory, Special }

    /// <summary>A file's kind and identity (device and inode, so hard links to one file are equal).</summary>
    public readonly record struct Status(Kind Kind, ulong Device, ulong Inode);

    /// <summary>The absolute path of an existing file with every symbolic link resolved, or null when it does not exist (or not on Unix).</summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsWindows()) return null;
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return null;
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved); // realpath allocates the result with malloc when given no buffer
        }
    }

    /// <summary>The status of the file <paramref name="path"/> names, symbolic links followed; null when it does not exist or off Linux.</summary>
    public static Status? Stat(string path)
    {
        if (!OperatingSystem.IsLinux()) return null;
        // struct statx has one layout on every Linux architecture (unlike struct stat): 256 bytes, mode at 28, inode at 32,
        // device major and minor at 136 and 140.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (statx(AtFdCwd, path, 0, StatxType | StatxIno, ref MemoryMarshal.GetReference(buffer)) != 0) return null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx (older musl): callers fall back to comparing paths
        }
        var mode = MemoryMarshal.Read<ushort>(buffer[28..]) & 0xF000;
        var inode = MemoryMarshal.Read<ulong>(buffer[32..]);
        var device = ((ulong)MemoryMarshal.Read<uint>(buffer[136..]) << 32) | MemoryMarshal.Read<uint>(buffer[140..]);
        var kind = mode switch
        {
            0x8000 => Kind.Regular,
            0x4000 => Kind.Directory,
            _ => Kind.Special, // character or block device, FIFO, socket
        };
        return new Status(kind, device, inode);
    }

    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc")]
    private static partial void free(IntPtr pointer);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int dirfd, string path, int flags, uint mask, ref byte buffer);
}
