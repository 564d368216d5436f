using System.Globalization;
using System.Text.Json;
using Columnar.Profiles;

namespace Columnar.Cli.Commands;

/// <summary><c>columnar segment "&lt;expr&gt;"</c>: the segment's count and its comparison with the population (share, TGI); --export writes the ids.</summary>
internal static class SegmentCommand
{
    private static readonly string[] Own = ["tags", "as-of", "export"];

    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>(DatasetInput.ValueOptions.Concat(Own)), new HashSet<string> { "json" });
        if (args.Positional.Count != 1) throw new UsageException("segment needs exactly one expression, for example \"rfm=important_value | did(buy, min=2, within=30d)\"");
        var expression = Segment.Parse(args.Positional[0]);
        var data = DatasetInput.Load(args, io, outputs: [new("--export", args.Value("export"))], inputs: OutputPaths.TagFileInputs(args.Value("tags")));
        using var table = data.Table;
        using var store = TagsCommand.Build(args, data);
        using var users = expression.Evaluate(store);
        var warnings = expression.Warnings(store);
        foreach (var w in warnings) io.Err.WriteLine($"columnar: warning: {w}");
        var comparison = store.Compare(users);
        if (args.Value("export") is { } export)
        {
            OutputPaths.CreateFolder(export);
            users.Export(export);
            io.Err.WriteLine($"columnar: {users.Count:N0} user ids written to {export}");
        }
        // A skipped tag changes what the user asked for, so it is also a warning on stderr (the note stays in the report).
        foreach (var note in store.Notes.Where(n => n.Contains(" skipped: ", StringComparison.Ordinal) || n.Contains(" does not occur ", StringComparison.Ordinal))) io.Err.WriteLine($"columnar: warning: {note}");
        var o = io.Out;
        if (args.Flag("json"))
        {
            var doc = new
            {
                segment = expression.ToString(),
                as_of = store.AsOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                users = users.Count,
                population = store.Population.Count,
                notes = store.Notes,
                warnings,
                comparison = comparison.Rows.Select(r => new
                {
                    tag = r.Tag, value = r.Value, segment_users = r.SegmentUsers, segment_share = r.SegmentShare,
                    all_users = r.AllUsers, overall_share = r.OverallShare, tgi = r.Tgi,
                }),
            };
            o.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        o.WriteLine($"segment {expression} as of {store.AsOf:yyyy-MM-dd'T'HH:mm:ss'Z'}: {users.Count.ToString("N0", CultureInfo.InvariantCulture)} users");
        foreach (var note in store.Notes) o.WriteLine("note: " + note);
        o.WriteLine();
        o.Write(comparison);
        return 0;
    }
}
