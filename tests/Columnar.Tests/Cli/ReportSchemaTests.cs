using System.Text;
using System.Text.Json.Nodes;
using Columnar.Ingest;
using Columnar.Storage;

namespace Columnar.Tests.Cli;

/// <summary>
/// The report JSON against the committed schema (src/Columnar.Cli/Commands/report.schema.json) and the committed golden
/// file. To regenerate the golden after an intended change of the report: <c>COLUMNAR_UPDATE_GOLDEN=1 dotnet test
/// tests/Columnar.Tests --filter "FullyQualifiedName~Columnar.Tests.Cli.ReportSchemaTests"</c>, then review the diff.
/// </summary>
public class ReportSchemaTests
{
    private const string Golden = "report-20000.json";

    [Fact]
    public void Report20000JsonEqualsTheGoldenFileByteForByteAndMatchesTheSchema()
    {
        var run = CliKit.RunOk("report", "--events", "20000", "--json");
        var path = CliKit.GoldenPath(Golden);
        var actual = new UTF8Encoding(false).GetBytes(run.Stdout);
        if (Environment.GetEnvironmentVariable("COLUMNAR_UPDATE_GOLDEN") == "1") File.WriteAllBytes(path, actual);

        var expected = File.ReadAllBytes(path);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            var e = Encoding.UTF8.GetString(expected).Split('\n');
            var a = run.Stdout.Split('\n');
            var line = Enumerable.Range(0, Math.Min(e.Length, a.Length)).FirstOrDefault(i => e[i] != a[i], Math.Min(e.Length, a.Length));
            Assert.Fail($"report --events 20000 --json differs from {path} at line {line + 1}:\n" +
                        $"golden: {(line < e.Length ? e[line] : "<end>")}\nactual: {(line < a.Length ? a[line] : "<end>")}\n" +
                        "(regenerate with COLUMNAR_UPDATE_GOLDEN=1 if the change is intended)");
        }
        CliKit.AssertValid(Encoding.UTF8.GetString(expected));
    }

    [Fact]
    public void GoldenHoldsNothingMachineDependent()
    {
        var text = File.ReadAllText(CliKit.GoldenPath(Golden));
        Assert.DoesNotContain("elapsed", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\\\", text); // no Windows path
        var doc = JsonNode.Parse(text)!;
        Assert.StartsWith("synthetic (", (string)doc["dataset"]!["source"]!, StringComparison.Ordinal);
        Assert.Null(doc["load"]!["rejects_path"]);
        // no absolute paths or host names in any string
        foreach (var s in Strings(doc)) Assert.False(s.StartsWith('/') || s.Contains(":\\", StringComparison.Ordinal), $"path-like string '{s}'");
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text);
    }

    [Fact]
    public void GoldenNumbersAreConsistent()
    {
        // Facts about --events 20000 that hold by construction, checked on the committed file.
        var d = JsonNode.Parse(File.ReadAllText(CliKit.GoldenPath(Golden)))!.AsObject();
        AssertConsistent(d);
        Assert.Equal(20000, (long)d["dataset"]!["events"]!);
        Assert.Equal(20000, (long)d["load"]!["rows_read"]!);
        Assert.Equal("UTC", (string)d["dataset"]!["time_zone"]!);
        Assert.Equal(["page_view", "view_item", "add_to_cart", "purchase"], d["funnel"]!["step_events"]!.AsArray().Select(x => (string)x!));
        Assert.Equal(1800, (double)d["sessions"]!["timeout_seconds"]!);
        Assert.Equal(86400, (double)d["funnel"]!["window_seconds"]!);
        Assert.Equal(14, (int)d["retention"]!["periods"]!);
    }

    [Fact]
    public void TaobaoReportMatchesTheSchemaAndTheApiAndANaiveCount()
    {
        var run = CliKit.RunOk("report", "--input", CliKit.TaobaoTrimmed, "--preset", "taobao", "--json");
        CliKit.AssertValid(run.Stdout);
        var d = run.Json();
        AssertConsistent(d);

        // The API on the same table with the preset's defaults.
        using var table = EventTable.Load(CliKit.TaobaoTrimmed, Preset.Taobao);
        var q = table.Query();
        var sessions = q.Sessions().Run();
        var funnel = q.Funnel(Preset.Taobao.FunnelSteps.ToArray()).Within(Preset.Taobao.FunnelWindow).Run();
        var rfm = q.Rfm().Run();
        Assert.Equal(sessions.Sessions, (long)d["sessions"]!["sessions"]!);
        Assert.Equal(sessions.Bounces, (long)d["sessions"]!["bounces"]!);
        Assert.Equal(funnel.Steps.Select(s => s.Users), d["funnel"]!["steps"]!.AsArray().Select(s => (long)s!["users"]!));
        Assert.Equal(rfm.Purchasers, (long)d["rfm"]!["purchasers"]!);
        Assert.Equal(rfm.Segments.Select(s => s.Users), d["rfm"]!["segments"]!.AsArray().Select(s => (long)s!["users"]!));

        // A naive count straight from the CSV (user,item,category,behavior,unix seconds): sessions split on gaps > 30 min,
        // step 1 = users with a pv, purchasers = users with a buy.
        var rows = File.ReadLines(CliKit.TaobaoTrimmed).Select(l => l.Split(',')).Select(f => (User: f[0], Kind: f[3], Time: long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var byUser = rows.GroupBy(r => r.User).ToList();
        var naiveSessions = byUser.Sum(g =>
        {
            var t = g.Select(r => r.Time).Order().ToArray();
            return 1 + t.Zip(t.Skip(1)).Count(p => p.Second - p.First > 1800);
        });
        Assert.Equal(naiveSessions, (long)d["sessions"]!["sessions"]!);
        Assert.Equal(rows.Count, (long)d["dataset"]!["events"]!);
        Assert.Equal(byUser.Count, (long)d["dataset"]!["users"]!);
        Assert.Equal(byUser.Count(g => g.Any(r => r.Kind == "pv")), (long)d["funnel"]!["steps"]![0]!["users"]!);
        Assert.Equal(byUser.Count(g => g.Any(r => r.Kind == "buy")), (long)d["rfm"]!["purchasers"]!);
        Assert.False((bool)d["rfm"]!["has_amount"]!);
        Assert.Equal("Asia/Shanghai", (string)d["dataset"]!["time_zone"]!);
    }

    [Fact]
    public void EdgeCaseReportsMatchTheSchema()
    {
        // a breakdown: rows per country
        var b = CliKit.RunOk("report", "--events", "2000", "--breakdown", "country", "--json");
        CliKit.AssertValid(b.Stdout);
        var f = b.Json()["funnel"]!;
        Assert.Equal("country", (string)f["breakdown_by"]!);
        var rows = f["breakdown"]!.AsArray();
        Assert.NotEmpty(rows);
        Assert.Equal((long)f["steps"]![0]!["users"]!, rows.Sum(r => (long)r!["steps"]![0]!["users"]!));

        // an empty scope: every mean, rate and average is null
        var e = CliKit.RunOk("report", "--events", "2000", "--from", "2030-01-01", "--to", "2030-01-02", "--json");
        CliKit.AssertValid(e.Stdout);
        var d = e.Json();
        Assert.Equal(0, (long)d["sessions"]!["sessions"]!);
        Assert.Null(d["sessions"]!["bounce_rate"]);
        Assert.Null(d["rfm"]!["mean_m"]);
        Assert.Empty(d["retention"]!["cohorts"]!.AsArray());
        Assert.All(d["retention"]!["average"]!["fractions"]!.AsArray(), x => Assert.Null(x));
    }

    [Fact]
    public void RawRetailReportWithRejectsAndAmountsMatchesTheSchema()
    {
        // UCI raw line items: 2,000 of the 30,000 rows have no CustomerID (dataset README) and are quarantined by the preset.
        using var tmp = CliKit.Temp();
        var rejects = tmp.Of("retail.rejects.csv");
        var run = CliKit.RunOk("report", "--input", CliKit.Dataset("uci_online_retail/OnlineRetail.csv"), "--preset", "uci-retail-raw",
            "--rejects", rejects, "--json");
        CliKit.AssertValid(run.Stdout);
        var d = run.Json();
        AssertConsistent(d);
        var load = d["load"]!;
        Assert.Equal(30000, (long)load["rows_read"]!);
        Assert.Equal(2000, (long)load["rows_rejected"]!);
        Assert.Equal(2000, (long)load["rejects_by_code"]!["COL0005"]!);
        Assert.Equal(rejects, (string)load["rejects_path"]!);
        Assert.Equal(2001, File.ReadLines(rejects).Count()); // header + rows
        Assert.True((bool)d["rfm"]!["has_amount"]!);
        Assert.Equal(run.StderrCount("rejected"), (long)load["rows_rejected"]!);
    }

    [Fact]
    public void SchemaRejectsBrokenDocuments()
    {
        // a small valid report as the base (the golden is large and evaluating it 25 times is slow)
        var good = CliKit.RunOk("report", "--events", "2000", "--periods", "3", "--json").Stdout;
        CliKit.AssertValid(good);

        Assert.NotEmpty(Broken(good, d => d["sessions"]!["bounce_rate"] = 1.5)); // fraction > 1
        Assert.NotEmpty(Broken(good, d => d["retention"]!["cohorts"]![0]!["fractions"]![1] = -0.1)); // fraction < 0
        Assert.NotEmpty(Broken(good, d => d.AsObject().Remove("rfm"))); // missing section
        Assert.NotEmpty(Broken(good, d => d["load"]!.AsObject().Remove("rows_rejected"))); // missing property
        Assert.NotEmpty(Broken(good, d => d["dataset"]!["extra"] = 1)); // unknown property
        Assert.NotEmpty(Broken(good, d => d.AsObject()["elapsed_seconds"] = 0.5)); // unknown section
        Assert.NotEmpty(Broken(good, d => d["sessions"]!["sessions"] = 3.5)); // count not an integer
        Assert.NotEmpty(Broken(good, d => d["sessions"]!["sessions"] = -1)); // negative count
        Assert.NotEmpty(Broken(good, d => d["sessions"]!["sessions"] = "3486")); // number as text
        Assert.NotEmpty(Broken(good, d => d["sessions"]!["sessions"] = null)); // not nullable
        Assert.NotEmpty(Broken(good, d => d["dataset"]!["first_event"] = "2025-01-01T00:24:10.635581")); // no Z
        Assert.NotEmpty(Broken(good, d => d["dataset"]!["first_event"] = "2025-01-01 00:24:10Z")); // not ISO
        Assert.NotEmpty(Broken(good, d => d["rfm"]!["reference_date"] = "04/01/2025"));
        Assert.NotEmpty(Broken(good, d => d["rfm"]!["segments"]![0]!["key"] = "ImportantValue")); // not one of the 8 keys
        Assert.NotEmpty(Broken(good, d => d["rfm"]!["segments"]![0]!["label_zh"] = "一般价值")); // label of another key
        Assert.NotEmpty(Broken(good, d => d["rfm"]!["segments"]![0]!["label_zh"] = 1));
        Assert.NotEmpty(Broken(good, d => d["rfm"]!["segments"]!.AsArray().RemoveAt(7))); // 7 of 8 segments
        Assert.NotEmpty(Broken(good, d => d["retention"]!["period"] = "year"));
        Assert.NotEmpty(Broken(good, d => d["rfm"]!["score_counts"]!["r"]!.AsArray().Add(1))); // 6 scores

        // nulls where null can occur stay valid
        Assert.Empty(Broken(good, d => d["sessions"]!["bounce_rate"] = null));
        Assert.Empty(Broken(good, d => d["dataset"]!["first_event"] = null));
        Assert.Empty(Broken(good, d => d["rfm"]!["mean_m"] = -12.5)); // refunds can make M negative
        Assert.Empty(Broken(good, d => d["dataset"]!["first_event"] = "2025-01-01T00:24:10Z")); // whole seconds
    }

    [Fact]
    public void SchemaPresetEnumListsEveryPreset()
    {
        var schema = JsonNode.Parse(File.ReadAllText(CliKit.SchemaPath))!;
        var names = schema["properties"]!["dataset"]!["properties"]!["preset"]!["enum"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal);
        Assert.Equal(Preset.All.Select(p => p.Name).Append(Preset.Custom.Name).Order(StringComparer.Ordinal), names);
        var formats = schema["properties"]!["load"]!["properties"]!["format"]!["enum"]!.AsArray().Select(x => (string)x!).Order(StringComparer.Ordinal);
        Assert.Equal(Enum.GetNames<FileFormat>().Select(n => n.ToLowerInvariant()).Append("generated").Order(StringComparer.Ordinal), formats);
    }

    private static IReadOnlyList<string> Broken(string good, Action<JsonNode> edit)
    {
        var doc = JsonNode.Parse(good)!;
        edit(doc);
        return CliKit.SchemaErrors(doc.ToJsonString());
    }

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };

    /// <summary>Relations between the sections that any report must satisfy.</summary>
    internal static void AssertConsistent(JsonObject d)
    {
        var ds = d["dataset"]!;
        var load = d["load"]!;
        Assert.Equal((long)load["rows_read"]!, (long)load["rows_loaded"]! + (long)load["rows_rejected"]!);
        Assert.Equal((long)ds["events"]!, ds["event_counts"]!.AsArray().Sum(e => (long)e!["events"]!));
        var s = d["sessions"]!;
        Assert.Equal((long)s["sessions"]!, s["histogram"]!.AsArray().Sum(b => (long)b!["sessions"]!));
        Assert.True((long)s["bounces"]! <= (long)s["sessions"]!);
        var steps = d["funnel"]!["steps"]!.AsArray();
        for (var i = 1; i < steps.Count; i++)
        {
            Assert.True((long)steps[i]!["users"]! <= (long)steps[i - 1]!["users"]!);
            Assert.Equal((long)steps[i - 1]!["users"]! - (long)steps[i]!["users"]!, (long)steps[i]!["dropped_off"]!);
        }
        var r = d["retention"]!;
        var cohorts = r["cohorts"]!.AsArray();
        Assert.Equal((long)r["average"]!["users"]![0]!, cohorts.Sum(c => (long)c!["size"]!));
        foreach (var c in cohorts)
        {
            Assert.Equal((int)r["periods"]!, c!["users"]!.AsArray().Count);
            Assert.Equal((long)c["size"]!, (long)c["users"]![0]!);
        }
        var rfm = d["rfm"]!;
        var purchasers = (long)rfm["purchasers"]!;
        Assert.Equal(purchasers, rfm["segments"]!.AsArray().Sum(x => (long)x!["users"]!));
        foreach (var k in new[] { "r", "f", "m" }) Assert.Equal(purchasers, rfm["score_counts"]![k]!.AsArray().Sum(x => (long)x!));
    }
}
