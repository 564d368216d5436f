using System.Globalization;
using Columnar.Ingest;
using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>A governed table and its quality report. Disposing disposes the table unless it is the caller's own input table.</summary>
public sealed class GovernedTable : IDisposable
{
    private readonly bool _owned;

    internal GovernedTable(EventTable table, QualityReport report, bool owned)
    {
        Table = table;
        Report = report;
        _owned = owned;
    }

    /// <summary>The table after governance: skew-corrected, without removed rows, stitched to persons when identity stitching ran.
    /// It is the input table itself when nothing changed.</summary>
    public EventTable Table { get; }

    /// <summary>The quality report.</summary>
    public QualityReport Report { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_owned) Table.Dispose();
    }
}

/// <summary>
/// Data governance: tracking-plan validation, deduplication, time hygiene, bot flags, volume anomalies and identity stitching, with
/// a <see cref="QualityReport"/> that counts every row read exactly once. The steps run in this order: clock-skew correction; the
/// checks (duplicates, time range, plan, bots) over the same loaded rows; removal of the rows whose category asks for it; identity
/// stitching of the kept rows. Volume anomalies are scored over the kept rows inside the plausible time range.
/// </summary>
public static class DataGovernance
{
    /// <summary>
    /// Loads a file and governs it. Bad rows are quarantined and counted unless <paramref name="load"/> sets
    /// <see cref="LoadOptions.OnError"/>; examples carry the source line of each row.
    /// </summary>
    /// <exception cref="ColumnarException">Load errors (COL codes; COL0016 when no row loads, with the counts), GOV0002 for bad
    /// governance options.</exception>
    public static GovernedTable Load(string path, Preset preset, LoadOptions? load = null, GovernanceOptions? options = null)
    {
        load ??= LoadOptions.Default;
        if (load.OnError is null) load = load with { OnError = OnError.Quarantine };
        var table = EventLoader.LoadWithLines(path, preset, load, out var lines);
        var governed = Govern(table, options ?? new GovernanceOptions(), r => lines[r]);
        if (!ReferenceEquals(governed.Table, table)) table.Dispose();
        return new GovernedTable(governed.Table, governed.Report, owned: true);
    }

    /// <summary>Governs a table already in memory; examples then name 1-based table rows. The input table is not changed, and disposing
    /// the result never disposes it.</summary>
    /// <exception cref="ColumnarException">GOV0002 for bad governance options.</exception>
    public static GovernedTable Apply(EventTable table, GovernanceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Govern(table, options ?? new GovernanceOptions(), r => r + 1L);
    }

    private sealed class Reason(string name)
    {
        public string Name { get; } = name;
        public long Rows;
        public long Removed;
        public readonly List<QualityExample> Examples = [];
    }

    private static GovernedTable Govern(EventTable input, GovernanceOptions options, Func<int, long> lineOfInput)
    {
        if (options.ExamplesPerReason < 0) throw new ColumnarException(ErrorCodes.BadGovernanceOption, "examples per reason must be ≥ 0");
        var now = options.Time?.Now ?? DateTimeOffset.UtcNow;
        var table = input;
        var lineOf = lineOfInput;
        long corrected = 0;
        if (options.Time is { } th && TimeHygiene.CorrectSkew(input, th, out corrected) is { } fixedTimes)
        {
            var all = Enumerable.Range(0, input.EventCount).ToArray();
            var (rewritten, sourceRow) = TableRewriter.Rewrite(input, all, times: fixedTimes);
            table = rewritten;
            lineOf = r => lineOfInput(sourceRow[r]);
        }

        var n = table.EventCount;
        var dups = Deduplicator.Find(table, options.Dedup ?? new DedupOptions { Remove = false });
        var timeIssues = options.Time is { } t ? TimeHygiene.Check(table, t, now) : null;
        PlanValidationReport? planReport = null;
        sbyte[]? planKinds = null;
        if (options.Plan is { } plan) planReport = PlanValidator.Validate(table, plan, lineOf, out planKinds);
        var botUsers = options.Bots is { } bots ? BotDetector.Find(table, bots) : null;

        var users = table.UserIndex.ToArray();
        var times = table.Times.ToArray();
        var codes = table.EventCodes.ToArray();
        string Describe(int r) => string.Create(CultureInfo.InvariantCulture,
            $"user {table.GetUserIdText(users[r])}, '{table.EventNames[codes[r]]}' at {Time.TimeZones.ToDateTime(times[r]):yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'}");

        var categories = new Dictionary<QualityCategory, SortedDictionary<string, Reason>>();
        foreach (var c in Enum.GetValues<QualityCategory>()) categories[c] = new SortedDictionary<string, Reason>(StringComparer.Ordinal);
        var detected = new Dictionary<QualityCategory, long>();
        void Count(QualityCategory c, string reason, long rows, long removed, QualityExample? example)
        {
            if (!categories[c].TryGetValue(reason, out var x)) categories[c][reason] = x = new Reason(reason);
            x.Rows += rows;
            x.Removed += removed;
            if (example is not null && x.Examples.Count < options.ExamplesPerReason) x.Examples.Add(example);
        }

        // Rejected rows come from the load report.
        var load = table.LoadReport;
        var rowsRead = load?.RowsRead ?? n;
        if (load is not null)
        {
            foreach (var (code, rows) in load.RejectsByCode)
            {
                Count(QualityCategory.Rejected, code, rows, rows, null);
                if (load.RejectSamples.TryGetValue(code, out var samples))
                    foreach (var (line, reason) in samples) Count(QualityCategory.Rejected, code, 0, 0, new QualityExample(line, reason));
            }
            detected[QualityCategory.Rejected] = load.RowsRejected;
        }

        var keep = new List<int>(n);
        var removeDup = options.Dedup is { Remove: true };
        var removeTime = options.Time is { Exclude: true };
        var removePlan = options.RejectPlanViolations;
        var removeBot = options.Bots is { Exclude: true };
        for (var r = 0; r < n; r++)
        {
            var dup = dups[r];
            var time = timeIssues?[r] ?? -1;
            var kind = planKinds?[r] ?? -1;
            var bot = botUsers?[users[r]] ?? -1;
            if (dup >= 0) detected[QualityCategory.Duplicate] = detected.GetValueOrDefault(QualityCategory.Duplicate) + 1;
            if (time >= 0) detected[QualityCategory.TimeOutOfRange] = detected.GetValueOrDefault(QualityCategory.TimeOutOfRange) + 1;
            if (kind >= 0) detected[QualityCategory.PlanViolation] = detected.GetValueOrDefault(QualityCategory.PlanViolation) + 1;
            if (bot >= 0) detected[QualityCategory.Bot] = detected.GetValueOrDefault(QualityCategory.Bot) + 1;
            var remove = (dup >= 0 && removeDup) || (time >= 0 && removeTime) || (kind >= 0 && removePlan) || (bot >= 0 && removeBot);
            var removed = remove ? 1 : 0;
            if (dup >= 0) Count(QualityCategory.Duplicate, ((DuplicateRule)dup).ToString(), 1, removed, new QualityExample(lineOf(r), Describe(r)));
            else if (time >= 0) Count(QualityCategory.TimeOutOfRange, ((TimeIssue)time).ToString(), 1, removed, new QualityExample(lineOf(r), Describe(r)));
            else if (kind >= 0) Count(QualityCategory.PlanViolation, ((PlanViolationKind)kind).ToString(), 1, removed, new QualityExample(lineOf(r), Describe(r)));
            else if (bot >= 0) Count(QualityCategory.Bot, ((BotReason)bot).ToString(), 1, removed, new QualityExample(lineOf(r), Describe(r)));
            if (!remove) keep.Add(r);
        }

        IReadOnlyList<VolumeAnomaly> anomalies = [];
        if (options.Anomalies is { } ao)
        {
            var include = new bool[n];
            foreach (var r in keep) include[r] = timeIssues is null || timeIssues[r] < 0;
            anomalies = VolumeAnomalies.Find(table, ao, include);
        }

        var result = table;
        IdentityReport? identity = null;
        if (keep.Count != n || options.Identity is not null)
        {
            string[]? persons = null;
            if (options.Identity is { } io)
            {
                // Stitch over the kept rows only: a removed row never links ids.
                var (kept, _) = TableRewriter.Rewrite(table, keep);
                persons = IdentityStitcher.Resolve(kept, io, options.Plan?.IdentityEvents is { Count: > 0 } ie ? ie : null, out identity);
                (result, _) = TableRewriter.Rewrite(kept, Enumerable.Range(0, kept.EventCount).ToArray(), userIds: persons);
                kept.Dispose();
            }
            else (result, _) = TableRewriter.Rewrite(table, keep);
            if (!ReferenceEquals(table, input)) table.Dispose();
        }

        var list = categories.OrderBy(kv => kv.Key).Select(kv => new QualityCategoryCount(kv.Key, kv.Value.Values.Sum(x => x.Rows),
            kv.Value.Values.Sum(x => x.Removed), detected.GetValueOrDefault(kv.Key),
            kv.Value.Values.OrderByDescending(x => x.Rows).ThenBy(x => x.Name, StringComparer.Ordinal)
                .Select(x => new QualityReason(x.Name, x.Rows, x.Removed, x.Examples.ToArray())).ToArray())).ToArray();
        var report = new QualityReport(load?.File ?? input.Source, input.TimeZone, rowsRead, load?.RowsLoaded ?? n, list, result.EventCount, corrected,
            planReport, identity, anomalies, load?.Warnings ?? []);
        return new GovernedTable(result, report, owned: !ReferenceEquals(result, input));
    }
}
