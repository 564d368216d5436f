namespace Columnar.Output;

/// <summary>
/// The files live <see cref="Storage.EventTable"/>s were loaded from. <see cref="OutputFile"/> refuses to replace one: a
/// library call such as <c>UserSet.Export</c> or <c>SqlResult.WriteParquet</c> given the input's path by mistake would
/// destroy the data the table came from (the CLI refuses the same by comparing its options). A path stays registered until
/// every table loaded from it is disposed.
/// </summary>
internal static class LoadedInputs
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, int> Counts = new(StringComparer.Ordinal);

    /// <summary>Registers <paramref name="path"/> for a newly loaded table.</summary>
    public static void Add(string path)
    {
        var full = Path.GetFullPath(path);
        lock (Gate) Counts[full] = Counts.GetValueOrDefault(full) + 1;
    }

    /// <summary>Releases one registration of <paramref name="path"/>.</summary>
    public static void Remove(string path)
    {
        var full = Path.GetFullPath(path);
        lock (Gate)
        {
            if (!Counts.TryGetValue(full, out var n)) return;
            if (n <= 1) Counts.Remove(full);
            else Counts[full] = n - 1;
        }
    }

    /// <summary>The registered input that writing <paramref name="path"/> would replace, or null.</summary>
    public static string? Clash(string path)
    {
        string[] inputs;
        lock (Gate) inputs = [.. Counts.Keys];
        foreach (var input in inputs)
            if (OutputFile.SameFile(path, input)) return input;
        return null;
    }
}
