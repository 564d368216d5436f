namespace Columnar.Ingest;

/// <summary>The one check every reader makes before opening a file the user named.</summary>
internal static class InputFile
{
    /// <summary>Throws COL0001 naming <paramref name="path"/> when it is missing or is a directory.</summary>
    /// <param name="path">The path as the user gave it.</param>
    /// <param name="what">What the file should be, for the message: "file", "tag file", "tracking plan".</param>
    public static void Require(string path, string what)
    {
        if (File.Exists(path)) return;
        // A folder is not "not found": the user named something that exists, just not a file.
        throw new ColumnarException(ErrorCodes.FileNotFound,
            Directory.Exists(path) ? $"it is a directory, not a {what}" : $"{what} not found", path);
    }
}
