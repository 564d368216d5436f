using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Columnar.Governance;

/// <summary>
/// The categories of problem rows, in precedence order. Each row read is counted exactly once: in the first category that applies,
/// else as clean. Rejected rows never reached the table; the others are flagged and kept unless their option removes them.
/// </summary>
public enum QualityCategory
{
    /// <summary>Rejected by the loader (empty user, bad time, truncated line...), by error code.</summary>
    Rejected,
    /// <summary>A duplicate of a kept row, by <see cref="DuplicateRule"/>.</summary>
    Duplicate,
    /// <summary>A time outside the plausible range, by <see cref="TimeIssue"/>.</summary>
    TimeOutOfRange,
    /// <summary>A tracking-plan violation, by the row's first <see cref="PlanViolationKind"/>.</summary>
    PlanViolation,
    /// <summary>A row of a user flagged as a bot, by the user's first <see cref="BotReason"/>.</summary>
    Bot,
}

/// <summary>A sample problem row.</summary>
/// <param name="Line">The 1-based source line (binary formats: row; in-memory tables: 1-based table row).</param>
/// <param name="Detail">What is wrong with it.</param>
public sealed record QualityExample(long Line, string Detail);

/// <summary>The rows of one reason within a category.</summary>
/// <param name="Reason">The reason, such as <c>COL0007</c>, <c>Exact</c>, <c>BeforeStart</c>, <c>UnknownEvent</c> or <c>InhumanRate</c>.</param>
/// <param name="Rows">Rows counted under it (after precedence).</param>
/// <param name="RowsRemoved">Of those, rows removed from the governed table (rejected rows are all removed).</param>
/// <param name="Examples">Sample rows.</param>
public sealed record QualityReason(string Reason, long Rows, long RowsRemoved, IReadOnlyList<QualityExample> Examples);

/// <summary>One category of the quality report.</summary>
/// <param name="Category">The category.</param>
/// <param name="Rows">Rows counted in it (after precedence).</param>
/// <param name="RowsRemoved">Of those, rows not in the governed table.</param>
/// <param name="Detected">Rows its check caught before precedence (a row caught by an earlier category too is counted here but not in <paramref name="Rows"/>).</param>
/// <param name="Reasons">Its reasons, most rows first.</param>
public sealed record QualityCategoryCount(QualityCategory Category, long Rows, long RowsRemoved, long Detected, IReadOnlyList<QualityReason> Reasons);

/// <summary>One of the top problems: a category and reason with its rows and examples.</summary>
/// <param name="Category">The category.</param>
/// <param name="Reason">The reason.</param>
/// <param name="Rows">Rows counted under it.</param>
/// <param name="Examples">Sample rows.</param>
public sealed record QualityProblem(QualityCategory Category, string Reason, long Rows, IReadOnlyList<QualityExample> Examples);

/// <summary>
/// The data-quality report of a load and its governance. Every row read is counted once: rejected, or in the first of
/// <see cref="QualityCategory"/> Duplicate → TimeOutOfRange → PlanViolation → Bot that applies, or clean, so
/// <see cref="RowsRead"/> = Σ category rows + <see cref="RowsClean"/>. The noise rate is flagged rows (every category, rejected
/// included) over rows read. Volume anomalies and clock-skew corrections are reported beside, not counted as noise.
/// </summary>
public sealed class QualityReport
{
    internal QualityReport(string source, string timeZone, long rowsRead, long rowsLoaded, IReadOnlyList<QualityCategoryCount> categories,
        long rowsKept, long timeCorrectedRows, PlanValidationReport? plan, IdentityReport? identity, IReadOnlyList<VolumeAnomaly> anomalies,
        IReadOnlyList<string> warnings)
    {
        Source = source;
        TimeZone = timeZone;
        RowsRead = rowsRead;
        RowsLoaded = rowsLoaded;
        Categories = categories;
        RowsKept = rowsKept;
        TimeCorrectedRows = timeCorrectedRows;
        Plan = plan;
        Identity = identity;
        Anomalies = anomalies;
        Warnings = warnings;
        RowsRejected = Category(QualityCategory.Rejected).Rows;
        RowsFlagged = categories.Sum(c => c.Rows);
        RowsRemoved = categories.Sum(c => c.RowsRemoved) - RowsRejected;
        RowsClean = rowsRead - RowsFlagged;
        if (rowsLoaded != rowsRead - RowsRejected || RowsClean < 0 || rowsKept != rowsLoaded - RowsRemoved)
            throw new InvalidOperationException($"quality counts do not reconcile: read {rowsRead}, loaded {rowsLoaded}, rejected {RowsRejected}, flagged {RowsFlagged}, kept {rowsKept}, removed {RowsRemoved}");
    }

    /// <summary>The input file or table source.</summary>
    public string Source { get; }

    /// <summary>The IANA zone of local dates and buckets; every time is stored in UTC.</summary>
    public string TimeZone { get; }

    /// <summary>Data rows read from the input.</summary>
    public long RowsRead { get; }

    /// <summary>Rows the loader loaded (read − rejected).</summary>
    public long RowsLoaded { get; }

    /// <summary>Rows the loader rejected.</summary>
    public long RowsRejected { get; }

    /// <summary>Rows in any category, rejected included.</summary>
    public long RowsFlagged { get; }

    /// <summary>Rows in no category.</summary>
    public long RowsClean { get; }

    /// <summary>Loaded rows removed by governance options (dedup, exclusion, plan rejection).</summary>
    public long RowsRemoved { get; }

    /// <summary>Rows in the governed table (loaded − removed).</summary>
    public long RowsKept { get; }

    /// <summary><see cref="RowsFlagged"/> / <see cref="RowsRead"/> (0 for no rows).</summary>
    public double NoiseRate => RowsRead == 0 ? 0 : (double)RowsFlagged / RowsRead;

    /// <summary>Every category in precedence order, including empty ones.</summary>
    public IReadOnlyList<QualityCategoryCount> Categories { get; }

    /// <summary>The entry of <paramref name="category"/>.</summary>
    public QualityCategoryCount Category(QualityCategory category) => Categories.First(c => c.Category == category);

    /// <summary>Rows whose time the clock-skew rule changed (kept, not noise).</summary>
    public long TimeCorrectedRows { get; }

    /// <summary>The plan validation, when a plan was given.</summary>
    public PlanValidationReport? Plan { get; }

    /// <summary>What identity stitching did, when it ran.</summary>
    public IdentityReport? Identity { get; }

    /// <summary>Volume anomalies of the kept rows inside the plausible time range, when detection ran.</summary>
    public IReadOnlyList<VolumeAnomaly> Anomalies { get; }

    /// <summary>The loader's warnings.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Up to ten reasons with the most rows, across categories.</summary>
    public IReadOnlyList<QualityProblem> TopProblems => Categories
        .SelectMany(c => c.Reasons.Select(r => new QualityProblem(c.Category, r.Reason, r.Rows, r.Examples)))
        .Where(p => p.Rows > 0).OrderByDescending(p => p.Rows).ThenBy(p => p.Category).ThenBy(p => p.Reason, StringComparer.Ordinal).Take(10).ToArray();

    private static string Pct(double x) => (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + "%";
    private static string N(long x) => x.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A readable report: counts, categories with reasons, noise rate, top problems with examples, plan, identity, anomalies.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"quality of {Source}");
        sb.AppendLine($"rows read {N(RowsRead)}, loaded {N(RowsLoaded)}, rejected {N(RowsRejected)}; kept {N(RowsKept)} after removing {N(RowsRemoved)}");
        sb.AppendLine($"noise rate {Pct(NoiseRate)} ({N(RowsFlagged)} flagged of {N(RowsRead)} read; {N(RowsClean)} clean)");
        sb.AppendLine();
        var t = new Analytics.TextTable("category", "reason", "rows", "removed", "share").Right(2, 3, 4);
        foreach (var c in Categories)
        {
            t.Add(c.Category.ToString(), "(all)", N(c.Rows), N(c.RowsRemoved), Pct(RowsRead == 0 ? 0 : (double)c.Rows / RowsRead));
            foreach (var r in c.Reasons) t.Add("", r.Reason, N(r.Rows), N(r.RowsRemoved), Pct(RowsRead == 0 ? 0 : (double)r.Rows / RowsRead));
        }
        t.Add("Clean", "", N(RowsClean), "0", Pct(RowsRead == 0 ? 0 : (double)RowsClean / RowsRead));
        sb.Append(t);
        sb.AppendLine("(each row counted once, in the first category: Rejected > Duplicate > TimeOutOfRange > PlanViolation > Bot)");
        if (TimeCorrectedRows > 0) sb.AppendLine($"clock skew corrected on {N(TimeCorrectedRows)} rows");
        if (TopProblems.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("top problems");
            foreach (var p in TopProblems)
            {
                sb.AppendLine($"  {p.Category}/{p.Reason}: {N(p.Rows)} rows");
                foreach (var e in p.Examples) sb.AppendLine($"    line {e.Line}: {e.Detail}");
            }
        }
        if (Plan is { } plan)
        {
            sb.AppendLine();
            sb.AppendLine($"tracking plan: {N(plan.ViolatingRows)} of {N(plan.Rows)} loaded rows violate it");
            var pt = new Analytics.TextTable("event", "rows", "violating", "kind", "property", "count", "sample lines").Right(1, 2, 5);
            foreach (var e in plan.Events)
            {
                if (e.Violations.Count == 0) pt.Add(e.Event, N(e.Rows), "0", "", "", "", "");
                for (var i = 0; i < e.Violations.Count; i++)
                {
                    var v = e.Violations[i];
                    pt.Add(i == 0 ? e.Event : "", i == 0 ? N(e.Rows) : "", i == 0 ? N(e.ViolatingRows) : "", v.Kind.ToString(), v.Property ?? "", N(v.Count),
                        string.Join(", ", v.SampleLines));
                }
            }
            sb.Append(pt);
        }
        if (Identity is { } id)
        {
            sb.AppendLine();
            sb.AppendLine($"identity: {N(id.UsersBefore)} users → {N(id.Persons)} persons; {N(id.Links)} links, {N(id.LinkedAnonymousIds)} anonymous ids linked, " +
                          $"{N(id.ConflictingAnonymousIds)} linked to several users ({id.Rule}); {N(id.RowsReassigned)} rows reassigned");
        }
        if (Anomalies.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine($"volume anomalies ({N(Anomalies.Count)}; robust z = 0.6745·(x − median)/MAD)");
            foreach (var a in Anomalies.OrderByDescending(a => Math.Abs(a.Score)).Take(10))
                sb.AppendLine($"  {a.Event} {a.BucketStart:yyyy-MM-dd HH:mm zzz}: {N(a.Count)} events (median {a.Median:0.#}, MAD {a.Mad:0.#}, z {a.Score:0.0})");
        }
        foreach (var w in Warnings) sb.AppendLine($"warning: {w}");
        return sb.ToString();
    }

    /// <summary>The report as JSON with the same numbers as the properties (snake_case keys).</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("source", Source);
            w.WriteString("time_zone", TimeZone);
            w.WriteNumber("rows_read", RowsRead);
            w.WriteNumber("rows_loaded", RowsLoaded);
            w.WriteNumber("rows_rejected", RowsRejected);
            w.WriteNumber("rows_flagged", RowsFlagged);
            w.WriteNumber("rows_clean", RowsClean);
            w.WriteNumber("rows_removed", RowsRemoved);
            w.WriteNumber("rows_kept", RowsKept);
            w.WriteNumber("noise_rate", NoiseRate);
            w.WriteNumber("time_corrected_rows", TimeCorrectedRows);
            w.WriteStartArray("categories");
            foreach (var c in Categories)
            {
                w.WriteStartObject();
                w.WriteString("category", c.Category.ToString());
                w.WriteNumber("rows", c.Rows);
                w.WriteNumber("rows_removed", c.RowsRemoved);
                w.WriteNumber("detected", c.Detected);
                w.WriteStartArray("reasons");
                foreach (var r in c.Reasons)
                {
                    w.WriteStartObject();
                    w.WriteString("reason", r.Reason);
                    w.WriteNumber("rows", r.Rows);
                    w.WriteNumber("rows_removed", r.RowsRemoved);
                    WriteExamples(w, r.Examples);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("top_problems");
            foreach (var p in TopProblems)
            {
                w.WriteStartObject();
                w.WriteString("category", p.Category.ToString());
                w.WriteString("reason", p.Reason);
                w.WriteNumber("rows", p.Rows);
                WriteExamples(w, p.Examples);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            if (Plan is { } plan)
            {
                w.WriteStartObject("plan");
                w.WriteNumber("rows", plan.Rows);
                w.WriteNumber("violating_rows", plan.ViolatingRows);
                w.WriteStartArray("events");
                foreach (var e in plan.Events)
                {
                    w.WriteStartObject();
                    w.WriteString("event", e.Event);
                    w.WriteNumber("rows", e.Rows);
                    w.WriteNumber("violating_rows", e.ViolatingRows);
                    w.WriteStartArray("violations");
                    foreach (var v in e.Violations)
                    {
                        w.WriteStartObject();
                        w.WriteString("kind", v.Kind.ToString());
                        if (v.Property is null) w.WriteNull("property"); else w.WriteString("property", v.Property);
                        w.WriteNumber("count", v.Count);
                        w.WriteStartArray("sample_lines");
                        foreach (var l in v.SampleLines) w.WriteNumberValue(l);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            if (Identity is { } id)
            {
                w.WriteStartObject("identity");
                w.WriteNumber("ids", id.Ids);
                w.WriteNumber("links", id.Links);
                w.WriteNumber("linked_anonymous_ids", id.LinkedAnonymousIds);
                w.WriteNumber("conflicting_anonymous_ids", id.ConflictingAnonymousIds);
                w.WriteNumber("users_before", id.UsersBefore);
                w.WriteNumber("persons", id.Persons);
                w.WriteNumber("rows_reassigned", id.RowsReassigned);
                w.WriteString("rule", id.Rule.ToString());
                w.WriteEndObject();
            }
            w.WriteStartArray("anomalies");
            foreach (var a in Anomalies)
            {
                w.WriteStartObject();
                w.WriteString("event", a.Event);
                w.WriteString("bucket_start", a.BucketStart.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
                w.WriteNumber("count", a.Count);
                w.WriteNumber("median", a.Median);
                w.WriteNumber("mad", a.Mad);
                w.WriteNumber("score", Math.Round(a.Score, 6));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var x in Warnings) w.WriteStringValue(x);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteExamples(Utf8JsonWriter w, IReadOnlyList<QualityExample> examples)
    {
        w.WriteStartArray("examples");
        foreach (var e in examples)
        {
            w.WriteStartObject();
            w.WriteNumber("line", e.Line);
            w.WriteString("detail", e.Detail);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
