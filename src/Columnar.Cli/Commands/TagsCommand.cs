using System.Globalization;
using System.Text.Json;
using Columnar.Profiles;

namespace Columnar.Cli.Commands;

/// <summary><c>columnar tags</c>: builds the default tag set (or a JSON tag file's), prints coverage and value counts; saves and diffs snapshots.</summary>
internal static class TagsCommand
{
    private static readonly string[] Own = ["tags", "as-of", "save", "diff", "profile"];

    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>(DatasetInput.ValueOptions.Concat(Own)), new HashSet<string> { "json" });
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        var data = DatasetInput.Load(args, io, outputs: [new("--save", args.Value("save"))], 
            inputs: [.. OutputPaths.TagFileInputs(args.Value("tags")), new("--diff", args.Value("diff"), ReadBefore: "--save")]);
        using var table = data.Table;
        using var store = Build(args, data);
        var o = io.Out;
        // The older snapshot is read before --save writes, so --diff and --save may name the same file (diff, then roll forward).
        IReadOnlyList<TagValueChange>? diff = null;
        if (args.Value("diff") is { } older) diff = TagSnapshot.Diff(TagSnapshot.Load(older), store.Snapshot());
        if (args.Value("save") is { } save)
        {
            OutputPaths.CreateFolder(save);
            store.Snapshot().Save(save);
            io.Err.WriteLine($"columnar: snapshot as of {store.AsOf:yyyy-MM-dd'T'HH:mm:ss'Z'} written to {save}");
        }
        if (args.Value("profile") is { } wanted && !UserIdIndex.For(store.Table).TryFind(wanted, out _))
            throw new ColumnarException(ErrorCodes.BadOption, $"--profile: user '{wanted}' is not in the data");
        var profile = args.Value("profile") is { } id ? store.Profile(id) : null;

        // A skipped tag changes what the user asked for, so it is also a warning on stderr (the note stays in the report).
        foreach (var note in store.Notes.Where(n => n.Contains(" skipped: ", StringComparison.Ordinal) || n.Contains(" does not occur ", StringComparison.Ordinal))) io.Err.WriteLine($"columnar: warning: {note}");
        if (args.Flag("json"))
        {
            var doc = new Dictionary<string, object?>
            {
                ["as_of"] = store.AsOf.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                ["time_zone"] = store.TimeZone,
                ["users"] = store.Population.Count,
                ["notes"] = store.Notes,
                ["tags"] = store.Coverage().Select(c => new
                {
                    tag = c.Tag, kind = c.Kind.ToString().ToLowerInvariant(), users = c.Users, coverage = c.Coverage,
                    values = c.Values.Select(v => new { value = v.Value, users = v.Users, share = v.Share }),
                }),
            };
            if (diff is not null) doc["diff"] = diff.Select(d => new { tag = d.Tag, value = d.Value, entered = d.Entered, left = d.Left });
            if (profile is not null) doc["profile"] = profile.Select(p => new { tag = p.Tag, value = p.Value });
            o.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        o.Write(store);
        if (diff is not null)
        {
            o.WriteLine();
            o.WriteLine($"changes since {args.Value("diff")}:");
            o.Write(TagSnapshot.FormatDiff(diff));
        }
        if (profile is not null)
        {
            o.WriteLine();
            o.WriteLine($"profile of {args.Value("profile")}: " + (profile.Count == 0 ? "(no tags)" : string.Join(", ", profile.Select(p => $"{p.Tag}={p.Value}"))));
        }
        return 0;
    }

    /// <summary>The tag store of the command: --tags FILE or the default set, as of --as-of (default: the last event).</summary>
    public static TagStore Build(CliArgs args, Dataset data)
    {
        DateTimeOffset? asOf = null;
        if (args.Value("as-of") is { } a)
        {
            if (!DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                throw new UsageException($"--as-of expects an ISO date-time such as 2017-12-03T23:59:59Z, got '{a}'");
            if (!Columnar.Time.TimeZones.IsSupported((parsed.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10))
                throw new UsageException($"--as-of {a} is outside the supported years 1000 to 9998");
            asOf = parsed;
        }
        var definitions = args.Value("tags") is { } file ? TagFile.Load(file, data.Table) : TagDefinition.Defaults(data.Table);
        return TagStore.Build(data.Query, definitions, asOf);
    }
}
