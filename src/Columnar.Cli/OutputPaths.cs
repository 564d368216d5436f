using Columnar.Output;

namespace Columnar.Cli;

/// <summary>A file a command reads or writes, labelled as the user named it (<c>--input</c>, <c>--rejects</c>, ...).</summary>
/// <param name="Label">The option that names the file, as the messages show it.</param>
/// <param name="Path">The path as given; null when the option is absent.</param>
/// <param name="ReadBefore">For an input: the label of the one output that may name the same file, because the input is read in
/// full before that output is written (<c>tags --diff s.snap --save s.snap</c> rolls a snapshot forward).</param>
internal readonly record struct NamedPath(string Label, string? Path, string? ReadBefore = null);

/// <summary>The checks and preparation every output file gets, whichever command writes it.</summary>
internal static class OutputPaths
{
    /// <summary>
    /// A usage error when an output is one of the inputs, or when two outputs are the same file, before anything is read or written.
    /// Paths are compared in full (see <see cref="OutputFile.SameFile"/>), so <c>./a.csv</c> and <c>x/../a.csv</c> collide.
    /// </summary>
    public static void CheckDistinct(IEnumerable<NamedPath> inputs, IEnumerable<NamedPath> outputs)
    {
        var ins = inputs.Where(p => p.Path is not null).ToList();
        var outs = outputs.Where(p => p.Path is not null).ToList();
        for (var i = 0; i < outs.Count; i++)
        {
            var o = outs[i];
            foreach (var input in ins.Where(input => input.ReadBefore != o.Label && OutputFile.SameFile(o.Path!, input.Path!)))
                throw new UsageException($"{o.Label} {Describe(o.Path!)} is the {input.Label} file {Describe(input.Path!)}: writing it would overwrite the input; choose another path");
            foreach (var other in outs.Take(i).Where(other => OutputFile.SameFile(o.Path!, other.Path!)))
                throw new UsageException($"{other.Label} {Describe(other.Path!)} and {o.Label} {Describe(o.Path!)} are the same file; choose different paths");
        }
    }

    /// <summary>The --tags file and the user tables it reads (its <c>"attributes"</c> entries), as inputs no output may replace.</summary>
    public static IEnumerable<NamedPath> TagFileInputs(string? tags) =>
        tags is null ? [] : [new("--tags", tags), .. Columnar.Profiles.TagFile.AttributeFiles(tags).Select(f => new NamedPath("--tags attributes", f))];

    /// <summary>The path as given, with its full form when that differs (so two spellings of one file are visibly the same).</summary>
    private static string Describe(string path) => Path.GetFullPath(path) is var full && full != path ? $"'{path}' ({full})" : $"'{path}'";

    /// <summary>COL0018 when <paramref name="output"/> is an existing directory, the same error the writers give, but before any work.</summary>
    public static void RequireNotDirectory(string output)
    {
        if (Directory.Exists(output)) throw new ColumnarException(ErrorCodes.CannotWrite, $"cannot write '{output}': it is a directory");
    }

    /// <summary>Creates the missing folders of <paramref name="output"/>, so every command's --output, --save and --export accept a new folder.</summary>
    /// <exception cref="ColumnarException">COL0018 when a folder cannot be created.</exception>
    public static void CreateFolder(string output)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is not { } folder) return;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw new ColumnarException(ErrorCodes.CannotWrite,
                $"cannot write '{output}': the directory '{Path.GetDirectoryName(output)}' cannot be created ({(e is UnauthorizedAccessException ? "permission denied" : e.Message)})", inner: e);
        }
    }
}
