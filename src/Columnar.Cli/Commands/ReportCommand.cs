using System.Globalization;
using System.Text;
using Apache.Arrow;
using Columnar.Analytics;
using Columnar.Analytics.Funnels;
using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Analytics.Sessions;
using Columnar.Output;

namespace Columnar.Cli.Commands;

/// <summary>The four analyses of one report, computed on one dataset.</summary>
internal sealed record Report(Dataset Data, SessionsResult Sessions, FunnelResult Funnel, RetentionResult Retention, RfmResult Rfm);

/// <summary><c>columnar report</c>: sessions, funnel, retention and RFM, as a readable report or as data.</summary>
internal static class ReportCommand
{
    private static readonly string[] Options = ["funnel", "window", "timeout", "period", "periods", "breakdown", "format", "output"];

    public static int Run(string[] argv, CliIo io)
    {
        var args = CliArgs.Parse(argv, new HashSet<string>(DatasetInput.ValueOptions.Concat(Options)), new HashSet<string> { "json" });
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        var format = args.Flag("json") ? "json" : args.Value("format") ?? "table";
        if (args.Flag("json") && args.Value("format") is { } f && f != "json") throw new UsageException("--json conflicts with --format " + f);
        if (format is not ("table" or "csv" or "json" or "arrow" or "parquet"))
            throw new UsageException($"--format expects table, csv, json, arrow or parquet, got '{format}'");
        var output = args.Value("output");
        if (format is "arrow" or "parquet" && output is null) throw new UsageException($"--format {format} needs --output FILE");
        if (output is not null && (output.Length == 0 || Path.EndsInDirectorySeparator(output)))
            throw new UsageException($"--output expects a file name, got '{output}'");
        var period = args.Period();
        var steps = args.Steps("funnel");
        var window = args.Duration("window");
        var timeout = args.Duration("timeout");
        var periods = args.Int("periods", 1, RetentionDefinition.MaxPeriods);
        // Arrow and parquet write one file per section beside FILE; a directory in FILE's place fails as it does for csv, before any work.
        if (output is not null) OutputPaths.RequireNotDirectory(output);
        var outputs = output is null ? [] : format is "arrow" or "parquet"
            ? SectionNames.Select(s => new NamedPath($"--output's {s} file", SectionPath(output, s)))
            : [new NamedPath("--output", output)];

        var data = DatasetInput.Load(args, io, preset =>
        {
            if ((steps ?? preset.FunnelSteps).Count == 0)
                throw new UsageException($"the preset '{preset.Name}' has no default funnel: pass --funnel a,b,c");
            if (preset.Roles.Purchase is null)
                throw new UsageException($"the report's RFM section needs a purchase event: add --map purchase=EVENT (preset '{preset.Name}' names none)");
        }, outputs);
        using var table = data.Table;

        var q = data.Query;
        var sessions = q.Sessions().Timeout(timeout ?? SessionsDefinition.Default.Timeout).Run();
        var funnelSteps = steps ?? data.Preset.FunnelSteps.ToArray();
        var funnelQuery = q.Funnel(funnelSteps).Within(window ?? data.Preset.FunnelWindow);
        if (args.Value("breakdown") is { } by) funnelQuery = funnelQuery.BreakdownBy(by);
        var funnel = funnelQuery.Run();
        if (sessions.Events == 0) io.Err.WriteLine("columnar: warning: no events in the selected range (--from/--to), so every section is empty");
        foreach (var note in funnel.Notes.Where(n => n.StartsWith("warning", StringComparison.Ordinal))) io.Err.WriteLine($"columnar: funnel {note}");
        var retentionQuery = q.Retention().By(period ?? data.Preset.RetentionPeriod);
        if (periods is { } n) retentionQuery = retentionQuery.Periods(n);
        var retention = retentionQuery.Run();
        var rfm = q.Rfm().Run();
        // As the funnel's: whatever the format, a section over an event the data lacks is said on stderr.
        foreach (var note in retention.Notes.Where(n => n.StartsWith("warning", StringComparison.Ordinal))) io.Err.WriteLine($"columnar: retention {note}");
        foreach (var note in rfm.Notes.Where(n => n.StartsWith("warning", StringComparison.Ordinal))) io.Err.WriteLine($"columnar: rfm {note}");
        var report = new Report(data, sessions, funnel, retention, rfm);

        if (output is not null) OutputPaths.CreateFolder(output);
        switch (format)
        {
            case "arrow" or "parquet":
                foreach (var (section, batch) in Sections(report))
                {
                    var path = SectionPath(output!, section);
                    if (format == "arrow") ResultFiles.WriteArrow(batch, path);
                    else ResultFiles.WriteParquet(batch, path);
                    io.Err.WriteLine($"columnar: wrote {section} ({batch.Length:N0} rows) to {path}");
                }
                break;
            default:
                var text = format switch
                {
                    "json" => ReportJson.Write(report),
                    "csv" => Csv(report),
                    _ => Text(report),
                };
                if (output is null) io.Out.Write(text);
                else
                {
                    OutputFile.WriteText(output, text);
                    io.Err.WriteLine($"columnar: wrote the report to {output}");
                }
                break;
        }
        return 0;
    }

    private static readonly string[] SectionNames = ["sessions", "funnel", "retention", "rfm"];

    private static IEnumerable<(string Section, RecordBatch Batch)> Sections(Report r) =>
        SectionNames.Zip([r.Sessions.ToArrow(), r.Funnel.ToArrow(), r.Retention.ToArrow(), r.Rfm.ToArrow()]);

    /// <summary><c>out/report.parquet</c> becomes <c>out/report.funnel.parquet</c>.</summary>
    internal static string SectionPath(string output, string section)
    {
        var dir = Path.GetDirectoryName(output);
        var name = Path.GetFileNameWithoutExtension(output) + "." + section + Path.GetExtension(output);
        return string.IsNullOrEmpty(dir) ? name : Path.Combine(dir, name);
    }

    private static string Csv(Report r)
    {
        var sw = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var first = true;
        foreach (var (section, batch) in Sections(r))
        {
            if (!first) sw.Write('\n');
            first = false;
            sw.Write($"# {section}\n");
            ResultFiles.WriteCsv(batch, sw);
        }
        return sw.ToString();
    }

    private static string Text(Report r)
    {
        var t = r.Data.Table;
        var sb = new StringBuilder();
        var title = $"Columnar behaviour report — {t.Source}";
        sb.AppendLine(title);
        sb.AppendLine(new string('=', Math.Min(title.Length, 100)));
        var q = r.Data.Query;
        if (q.From is null && q.To is null)
        {
            sb.AppendLine($"{t.EventCount:N0} events, {t.UserCount:N0} users, time zone {q.TimeZone}");
            if (t.MinTime is { } min && t.MaxTime is { } max)
                sb.AppendLine($"from {Iso(min)} to {Iso(max)} (UTC); {t.CoreBytesPerEvent:0.00} bytes/event in the core columns");
        }
        else
        {
            // The sections see only the selected dates: say how much of the loaded data that is.
            var range = $"{(q.From is { } f ? f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "start")}..{(q.To is { } to ? to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "end")}";
            sb.AppendLine($"{r.Sessions.Events:N0} of {t.EventCount:N0} events and {r.Sessions.Users:N0} of {t.UserCount:N0} users on local dates {range}, time zone {q.TimeZone}");
            if (t.MinTime is { } min && t.MaxTime is { } max)
                sb.AppendLine($"the loaded data runs from {Iso(min)} to {Iso(max)} (UTC); {t.CoreBytesPerEvent:0.00} bytes/event in the core columns");
        }
        sb.AppendLine();
        Section(sb, "1. Sessions", r.Sessions.ToString());
        Section(sb, "2. Funnel", r.Funnel.ToString());
        Section(sb, "3. Retention", r.Retention.ToString());
        Section(sb, "4. RFM", r.Rfm.ToString());
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, string title, string body)
    {
        sb.AppendLine(title);
        sb.AppendLine(new string('-', title.Length));
        sb.AppendLine(body.TrimEnd());
        sb.AppendLine();
    }

    internal static string Iso(long micros) =>
        Time.TimeZones.ToDateTime(micros).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);
}
