using System.Diagnostics;
using Columnar.Analytics;
using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Query;
using Columnar.Storage;

namespace Columnar.Cli;

/// <summary>The loaded dataset of a command, with the preset defaults resolved against the flags.</summary>
internal sealed record Dataset(EventTable Table, Preset Preset, string? InputPath, LoadSummary Load, EventQuery Query);

/// <summary>What a load read, kept and rejected, for stderr and the JSON's load section. Always reconciles.</summary>
internal sealed record LoadSummary(string Source, string Format, long RowsRead, long RowsLoaded, long RowsRejected,
    IReadOnlyDictionary<string, long> RejectsByCode, string? RejectsPath, long DuplicateRows, long DuplicateGroups,
    TimeSpan Elapsed, IReadOnlyList<string> Warnings);

/// <summary>The input options shared by every command, and loading the table they describe.</summary>
internal static class DatasetInput
{
    public static readonly string[] ValueOptions = ["input", "preset", "map", "events", "seed", "on-error", "rejects", "tz", "from", "to", "engine", "input-format"];

    /// <param name="args">The parsed command line.</param>
    /// <param name="io">Where output and messages go.</param>
    /// <param name="check">Validates the resolved preset (mapping and roles included) before any data is read.</param>
    /// <param name="outputs">The files the command will write; none may be an input (--input and <paramref name="inputs"/>) or
    /// --rejects, which is checked before anything is read or written.</param>
    /// <param name="inputs">Other files the command reads (a tag file, a snapshot to diff against).</param>
    public static Dataset Load(CliArgs args, CliIo io, Action<Preset>? check = null, IEnumerable<NamedPath>? outputs = null, IEnumerable<NamedPath>? inputs = null)
    {
        var input = args.Value("input");
        var preset = ResolvePreset(args, input);
        check?.Invoke(preset);
        var zone = args.Value("tz");
        if (zone is not null)
        {
            try
            {
                Columnar.Time.TimeZones.Find(zone);
            }
            catch (ColumnarException e) when (e.Code == ErrorCodes.UnknownTimeZone)
            {
                throw new UsageException("--tz: " + e.Reason);
            }
        }
        var from = args.Date("from");
        var to = args.Date("to");
        if (from > to) throw new UsageException($"--from {from:yyyy-MM-dd} is after --to {to:yyyy-MM-dd}");

        var engine = args.Value("engine") switch
        {
            null or "kernels" => Engine.Kernels,
            "duckdb" => Engine.DuckDb,
            var other => throw new UsageException($"--engine expects kernels or duckdb, got '{other}'"),
        };

        OutputPaths.CheckDistinct([new("--input", input), .. inputs ?? []], [new("--rejects", args.Value("rejects")), .. outputs ?? []]);

        EventTable? table;
        LoadSummary summary;
        if (input is null)
        {
            if (args.Values("map").Count > 0) throw new UsageException("--map applies to --input files only");
            if (args.Value("on-error") is not null || args.Value("rejects") is not null)
                throw new UsageException("--on-error and --rejects apply to --input files only");
            var options = new SyntheticOptions
            {
                Events = args.Int("events", 1) ?? new SyntheticOptions().Events,
                Seed = args.Value("seed") is { } s
                    ? (long.TryParse(s, out var seed) ? seed : throw new UsageException($"--seed expects an integer, got '{s}'"))
                    : SyntheticOptions.DefaultSeed,
            };
            var watch = Stopwatch.StartNew();
            using (var progress = ProgressDisplay.Start($"generating {options.Events:N0} synthetic events", io))
                table = SyntheticDataset.Generate(options);
            summary = new LoadSummary($"synthetic (seed {options.Seed}, {options.Events:N0} events)", "generated", table.EventCount, table.EventCount, 0,
                new Dictionary<string, long>(), null, 0, 0, watch.Elapsed, []);
        }
        else
        {
            if (args.Value("events") is not null || args.Value("seed") is not null)
                throw new UsageException("--events and --seed apply to the synthetic dataset only (no --input)");
            var onError = args.Value("on-error") switch
            {
                null => (OnError?)null,
                "fail" => OnError.Fail,
                "quarantine" => OnError.Quarantine,
                var other => throw new UsageException($"--on-error expects fail or quarantine, got '{other}'"),
            };
            var inputFormat = args.Value("input-format") switch
            {
                null => (FileFormat?)null,
                "csv" => FileFormat.Csv,
                "tsv" => FileFormat.Tsv,
                "whitespace" => FileFormat.Whitespace,
                "jsonl" => FileFormat.JsonLines,
                "parquet" => FileFormat.Parquet,
                "arrow" => FileFormat.ArrowIpc,
                var other => throw new UsageException($"--input-format expects csv, tsv, whitespace, jsonl, parquet or arrow, got '{other}'"),
            };
            if (args.Value("rejects") is not null && (onError ?? preset.OnError) != OnError.Quarantine)
                throw new UsageException(onError is null
                    ? $"--rejects needs --on-error quarantine (the preset '{preset.Name}' stops at the first bad row by default, so nothing would be written there)"
                    : "--rejects needs --on-error quarantine (with --on-error fail nothing is written there)");
            if (Directory.Exists(input)) throw new UsageException($"--input '{input}' is a directory; name a file");
            using var progress = ProgressDisplay.Start($"loading {Path.GetFileName(input)}", io);
            LoadReport r;
            try
            {
                table = EventTable.Load(input, preset, new LoadOptions
                {
                    Format = inputFormat,
                    OnError = onError,
                    RejectsPath = args.Value("rejects"),
                    TimeZone = zone,
                    Progress = progress.Reporter,
                });
                r = table.LoadReport!;
            }
            catch (ColumnarException e) when (e.Code == ErrorCodes.BadMapping)
            {
                // The mapping is what the user typed (or the preset it overrides), not the data.
                throw new UsageException(e.Reason);
            }
            catch (ColumnarException e) when (e.Code == ErrorCodes.NoEvents && e.LoadReport is { } empty)
            {
                // Nothing loaded: the counts (and rejects) are still shown below before the error.
                table = null;
                r = empty;
            }
            summary = new LoadSummary(r.File, r.Format.ToString().ToLowerInvariant(), r.RowsRead, r.RowsLoaded, r.RowsRejected, r.RejectsByCode,
                r.RejectsPath, r.DuplicateRows, r.DuplicateGroups, r.Elapsed, r.Warnings);
        }

        PrintLoad(summary, io.Err);
        if (table is not { EventCount: > 0 })
        {
            var why = summary.RowsRead == 0 ? "it holds no data rows" : $"none of its {summary.RowsRead:N0} rows could be loaded (see the rejected rows above)";
            table?.Dispose();
            throw new ColumnarException(ErrorCodes.NoEvents, $"nothing to analyse: {why}", input);
        }
        var query = table.Query().InTimeZone(zone ?? table.TimeZone).Between(from, to).Using(engine);
        return new Dataset(table, preset, input, summary, query);
    }

    /// <summary>The preset named by --preset (synthetic without --input, custom with --map only), with --map applied.</summary>
    public static Preset ResolvePreset(CliArgs args, string? input)
    {
        var presetName = args.Value("preset") ?? (input is null ? "synthetic" : null);
        if (presetName is null && args.Values("map").Count == 0)
            throw new UsageException("--input needs --preset NAME or --map KEY=VALUE (presets: " + string.Join(", ", Preset.All.Select(p => p.Name)) + ")");
        Preset preset;
        try
        {
            preset = presetName is null ? Preset.Custom : Preset.Get(presetName);
        }
        catch (ColumnarException e) when (e.Code == ErrorCodes.BadMapping)
        {
            throw new UsageException(e.Reason);
        }
        var mapping = args.Values("map").Count == 0 ? null : ParseMapping(args.Values("map"));
        return mapping is null ? preset : preset.With(mapping);
    }

    private static EventMapping ParseMapping(IReadOnlyList<string> pairs)
    {
        try
        {
            var mapping = EventMapping.Parse(pairs);
            // Checked here, as --tz is, so a bad zone is a usage error (2) before loading, not a data error (1) after.
            if (mapping.TimeZone is { } zone) Columnar.Time.TimeZones.Find(zone);
            return mapping;
        }
        catch (ColumnarException e) when (e.Code is ErrorCodes.BadMapping or ErrorCodes.UnknownTimeZone)
        {
            throw new UsageException(e.Code == ErrorCodes.UnknownTimeZone ? $"--map time-zone: {e.Reason}" : e.Reason);
        }
    }

    /// <summary>Counts, warnings and the rejects file on stderr; every command that loads data prints them.</summary>
    public static void PrintLoad(LoadSummary load, TextWriter err)
    {
        err.WriteLine($"columnar: {load.Source}: read {Rows(load.RowsRead)}, loaded {load.RowsLoaded:N0}, rejected {load.RowsRejected:N0} ({load.Elapsed.TotalSeconds:0.00} s)");
        foreach (var (code, n) in load.RejectsByCode.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            err.WriteLine($"columnar:   rejected {Rows(n)} with {code}");
        if (load.RejectsPath is not null) err.WriteLine($"columnar:   rejected rows and reasons: {load.RejectsPath}");
        if (load.DuplicateRows > 0)
            err.WriteLine($"columnar:   {load.DuplicateRows:N0} duplicate {(load.DuplicateRows == 1 ? "row" : "rows")} in {load.DuplicateGroups:N0} {(load.DuplicateGroups == 1 ? "group" : "groups")} of identical rows (kept; no deduplication by default)");
        foreach (var w in load.Warnings) err.WriteLine($"columnar: warning: {w}");
    }

    private static string Rows(long n) => n == 1 ? "1 row" : $"{n:N0} rows";
}
