using System.Globalization;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Columnar.Datasets;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using DuckDB.NET.Data;

namespace Columnar.Tests.Cli;

/// <summary>The report's formats and options, checked against other formats of the same run and naive counts.</summary>
public class ReportFormatTests
{
    /// <summary>The table <c>--events 20000</c> generates (the default seed), for naive counts.</summary>
    private static readonly Lazy<EventTable> Synthetic20000 = new(() => SyntheticDataset.Generate(new SyntheticOptions { Events = 20000 }));

    private static readonly Lazy<JsonObject> Json20000 = new(() => CliKit.RunOk("report", "--events", "20000", "--json").Json());

    private static readonly string[] SectionNames = ["sessions", "funnel", "retention", "rfm"];

    /// <summary>Rows each section file must hold, from the JSON of the same report.</summary>
    private static Dictionary<string, long> ExpectedRows(JsonObject d) => new()
    {
        ["sessions"] = d["sessions"]!["histogram"]!.AsArray().Count,
        ["funnel"] = d["funnel"]!["steps"]!.AsArray().Count,
        ["retention"] = d["retention"]!["cohorts"]!.AsArray().Count * (long)d["retention"]!["periods"]!,
        ["rfm"] = (long)d["rfm"]!["purchasers"]!,
    };

    [Fact]
    public void ParquetWritesFourFilesThatDuckDbReads()
    {
        using var tmp = CliKit.Temp();
        var output = tmp.Of("out/r.parquet"); // the folder does not exist yet
        var run = CliKit.RunOk("report", "--events", "20000", "--format", "parquet", "--output", output);
        Assert.Equal("", run.Stdout);
        var files = Directory.GetFiles(tmp.Of("out")).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(new[] { "r.funnel.parquet", "r.retention.parquet", "r.rfm.parquet", "r.sessions.parquet" }, files);

        var d = Json20000.Value;
        var expected = ExpectedRows(d);
        Assert.Equal(8, expected["sessions"]);
        Assert.Equal(4, expected["funnel"]);
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        foreach (var section in SectionNames)
        {
            var path = tmp.Of($"out/r.{section}.parquet");
            Assert.Equal(expected[section], Scalar(db, $"SELECT count(*) FROM read_parquet('{path}')"));
            Assert.Contains($"wrote {section}", run.Stderr, StringComparison.Ordinal);
        }
        // contents agree with the JSON
        Assert.Equal(d["funnel"]!["steps"]!.AsArray().Sum(s => (long)s!["users"]!),
            Scalar(db, $"SELECT sum(users) FROM read_parquet('{tmp.Of("out/r.funnel.parquet")}')"));
        Assert.Equal((long)d["sessions"]!["sessions"]!, Scalar(db, $"SELECT sum(sessions) FROM read_parquet('{tmp.Of("out/r.sessions.parquet")}')"));
        foreach (var seg in d["rfm"]!["segments"]!.AsArray())
            Assert.Equal((long)seg!["users"]!, Scalar(db, $"SELECT count(*) FROM read_parquet('{tmp.Of("out/r.rfm.parquet")}') WHERE segment = '{(string)seg["key"]!}'"));
    }

    [Fact]
    public void ArrowWritesFourIpcFilesThatArrowFileReaderReads()
    {
        using var tmp = CliKit.Temp();
        var run = CliKit.RunOk("report", "--events", "20000", "--format", "arrow", "--output", tmp.Of("r.arrow"));
        Assert.Equal("", run.Stdout);
        var d = Json20000.Value;
        var expected = ExpectedRows(d);
        foreach (var section in SectionNames)
        {
            using var stream = File.OpenRead(tmp.Of($"r.{section}.arrow"));
            using var reader = new ArrowFileReader(stream);
            long rows = 0;
            var batches = new List<RecordBatch>();
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                rows += batch.Length;
                batches.Add(batch);
            }
            Assert.Equal(expected[section], rows);
            if (section == "funnel")
            {
                var users = batches.SelectMany(b => ((Int64Array)b.Column("users")).Values.ToArray()).ToArray();
                Assert.Equal(d["funnel"]!["steps"]!.AsArray().Select(s => (long)s!["users"]!), users);
            }
        }
    }

    [Fact]
    public void CsvHasFourSectionBlocks()
    {
        var run = CliKit.RunOk("report", "--events", "20000", "--format", "csv");
        var expected = ExpectedRows(Json20000.Value);
        var blocks = run.Stdout.TrimEnd('\n').Split("\n\n");
        Assert.Equal(4, blocks.Length);
        for (var i = 0; i < 4; i++)
        {
            var lines = blocks[i].Split('\n');
            Assert.Equal("# " + SectionNames[i], lines[0]);
            Assert.Equal(expected[SectionNames[i]], lines.Length - 2); // minus the '# section' line and the header
        }
        Assert.Equal(4, run.Stdout.Split('\n').Count(l => l.StartsWith("# ", StringComparison.Ordinal)));
        Assert.StartsWith("bucket,", blocks[0].Split('\n')[1], StringComparison.Ordinal);
    }

    [Fact]
    public void JsonOutputFileHoldsWhatStdoutWould()
    {
        using var tmp = CliKit.Temp();
        var path = tmp.Of("report.json");
        var run = CliKit.RunOk("report", "--events", "20000", "--format", "json", "--output", path);
        Assert.Equal("", run.Stdout);
        Assert.Contains(path, run.Stderr, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(CliKit.GoldenPath("report-20000.json")), File.ReadAllText(path));
    }

    [Fact]
    public void StdoutHoldsOnlyTheReport()
    {
        var table = CliKit.RunOk("report", "--events", "20000");
        Assert.StartsWith("Columnar behaviour report", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("columnar:", table.Stdout, StringComparison.Ordinal);
        foreach (var title in new[] { "1. Sessions", "2. Funnel", "3. Retention", "4. RFM" }) Assert.Contains(title, table.Stdout, StringComparison.Ordinal);
        Assert.Equal(20000, table.StderrCount("read"));
        Assert.Equal(20000, table.StderrCount("loaded"));

        var json = CliKit.RunOk("report", "--events", "20000", "--json");
        Assert.StartsWith("{", json.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("}\n", json.Stdout, StringComparison.Ordinal);
        Assert.NotNull(JsonNode.Parse(json.Stdout)); // all of stdout is one JSON document
        Assert.StartsWith("columnar: synthetic", json.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, json.Stderr.Count(c => c == '\n')); // just the load line
    }

    [Fact]
    public void FromToLimitsEveryAnalysisToTheLocalDates()
    {
        var run = CliKit.RunOk("report", "--events", "20000", "--from", "2025-02-01", "--to", "2025-02-28", "--json");
        CliKit.AssertValid(run.Stdout);
        var d = run.Json();
        var t = Synthetic20000.Value;
        long from = Micros(new DateTime(2025, 2, 1)), to = Micros(new DateTime(2025, 3, 1));
        var inScope = t.Times.ToArray().Count(x => x >= from && x < to);
        Assert.InRange(inScope, 1, 19999);
        Assert.Equal(inScope, (long)d["sessions"]!["events"]!);
        Assert.Equal(20000, (long)d["dataset"]!["events"]!); // the table, before the filter
        Assert.Equal("2025-02-01", (string)d["dataset"]!["from"]!);
        Assert.Equal("2025-02-28", (string)d["dataset"]!["to"]!);
        var cohorts = d["retention"]!["cohorts"]!.AsArray().Select(c => (string)c!["cohort_start"]!).ToList();
        Assert.Equal("2025-02-01", cohorts[0]);
        Assert.Equal("2025-02-28", cohorts[^1]);
        Assert.Equal("2025-03-01", (string)d["rfm"]!["reference_date"]!);
        Assert.NotEqual((long)Json20000.Value["sessions"]!["sessions"]!, (long)d["sessions"]!["sessions"]!);
    }

    [Fact]
    public void TimeZoneMovesTheLocalDates()
    {
        // Cohort = the local date of each user's first event; computed here with the system's time zone data.
        var t = Synthetic20000.Value;
        var offsets = t.Offsets.ToArray();
        var times = t.Times.ToArray();
        foreach (var zone in new[] { "UTC", "Asia/Tokyo", "America/Los_Angeles" })
        {
            var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
            var expected = Enumerable.Range(0, t.UserCount)
                .Select(u => times[offsets[u]..offsets[u + 1]].Min())
                .GroupBy(m => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UnixEpoch.AddTicks(m * 10), tz)))
                .OrderBy(g => g.Key)
                .Select(g => (g.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (long)g.Count()))
                .ToList();
            var d = CliKit.RunOk("report", "--events", "20000", "--tz", zone, "--json").Json();
            Assert.Equal(zone, (string)d["dataset"]!["time_zone"]!);
            Assert.Equal(zone, (string)d["retention"]!["time_zone"]!);
            Assert.Equal(zone, (string)d["rfm"]!["time_zone"]!);
            var actual = d["retention"]!["cohorts"]!.AsArray().Select(c => ((string)c!["cohort_start"]!, (long)c["size"]!)).ToList();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void FunnelStepsAndWindowComeFromTheOptions()
    {
        var d = CliKit.RunOk("report", "--events", "20000", "--funnel", "login,purchase", "--window", "2h", "--json").Json();
        var f = d["funnel"]!;
        Assert.Equal(["login", "purchase"], f["step_events"]!.AsArray().Select(x => (string)x!));
        Assert.Equal(7200, (double)f["window_seconds"]!);
        Assert.Equal(["login", "purchase"], f["steps"]!.AsArray().Select(s => (string)s!["event"]!));

        var t = Synthetic20000.Value;
        var users = t.UserIndex.ToArray();
        var times = t.Times.ToArray();
        var codes = t.EventCodes.ToArray();
        var events = Enumerable.Range(0, t.EventCount).Select(i => new RawEvent(t.GetUserIdText(users[i]), times[i], t.EventNames[codes[i]])).ToList();
        var reference = FunnelReference.Run(events, ["login", "purchase"], 2 * 3600 * 1_000_000L);
        Assert.Equal(reference.Total, f["steps"]!.AsArray().Select(s => (long)s!["users"]!));
        var wide = FunnelReference.Run(events, ["login", "purchase"], 30L * 86400 * 1_000_000);
        Assert.True(wide.Total[1] > reference.Total[1], "the window must matter on this data for the test to mean anything");
    }

    [Fact]
    public void WeeklyRetentionWithFourPeriodsHasFourColumns()
    {
        var d = CliKit.RunOk("report", "--events", "20000", "--period", "week", "--periods", "4", "--json").Json();
        var r = d["retention"]!;
        Assert.Equal("week", (string)r["period"]!);
        Assert.Equal(4, (int)r["periods"]!);
        var cohorts = r["cohorts"]!.AsArray();
        Assert.NotEmpty(cohorts);
        foreach (var c in cohorts)
        {
            Assert.Equal(4, c!["users"]!.AsArray().Count);
            Assert.Equal(4, c["fractions"]!.AsArray().Count);
            Assert.Equal(DayOfWeek.Monday, DateOnly.ParseExact((string)c["cohort_start"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayOfWeek);
        }
        Assert.Equal(4, r["average"]!["fractions"]!.AsArray().Count);
        // 90 days from Wednesday 2025-01-01 touch 14 Monday-weeks (2024-12-30 .. 2025-03-31)
        Assert.Equal("2024-12-30", (string)cohorts[0]!["cohort_start"]!);
        Assert.Equal(400, cohorts.Sum(c => (long)c!["size"]!));
    }

    [Fact]
    public void InfoPrintsEventsUsersAndBytesPerEvent()
    {
        var run = CliKit.RunOk("info", "--events", "50000");
        var t = SyntheticDataset.Generate(new SyntheticOptions { Events = 50000 });
        var distinctUsers = t.UserIndex.ToArray().Distinct().Count();
        Assert.Equal(50000, Count(run.Stdout, "events"));
        Assert.Equal(distinctUsers, Count(run.Stdout, "users"));
        var bytes = Line(run.Stdout, "core bytes");
        var perEvent = double.Parse(System.Text.RegularExpressions.Regex.Match(bytes, @"= ([0-9.]+) bytes/event").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(perEvent, 1, 16);
        Assert.Equal(t.CoreBytes / 50000.0, perEvent, 2);
        foreach (var name in t.EventNames)
        {
            var n = t.EventCodes.ToArray().Count(c => t.EventNames[c] == name);
            Assert.Equal(n, Count(run.Stdout, name));
        }
        Assert.Equal(50000, run.StderrCount("read"));
    }

    private static long Micros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    private static long Scalar(DuckDBConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT CAST(({sql}) AS BIGINT)";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string Line(string text, string label) =>
        text.Split('\n').FirstOrDefault(l => l.StartsWith(label + " ", StringComparison.Ordinal)) ?? throw new Xunit.Sdk.XunitException($"no '{label}' line in:\n{text}");

    /// <summary>The first number after <paramref name="label"/> at the start of a line, group separators ignored.</summary>
    private static long Count(string text, string label)
    {
        var rest = Line(text, label)[label.Length..].TrimStart();
        var digits = new string(rest.TakeWhile(c => !char.IsWhiteSpace(c) || c is '\u00a0' or '\u202f').Where(char.IsAsciiDigit).ToArray());
        return long.Parse(digits, CultureInfo.InvariantCulture);
    }
}
