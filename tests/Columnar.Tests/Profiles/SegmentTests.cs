using Columnar.Profiles;
using Columnar.Storage;
using Columnar.Tests.Ingest;

namespace Columnar.Tests.Profiles;

public class SegmentTests
{
    [Theory]
    [InlineData("a | b & c", "a | b & c")]
    [InlineData("a & b | c", "a & b | c")]
    [InlineData("a - b - c", "a - b - c")]
    [InlineData("a - (b - c)", "a - (b - c)")]
    [InlineData("(a | b) & c", "(a | b) & c")]
    [InlineData("a - b & c", "a - b & c")]
    [InlineData("rfm=important_value & did(buy, min=2, within=30d)", "rfm=important_value & did(buy, min=2, within=30d)")]
    [InlineData("didnot(any, mindays=3, from=2017-11-25, to=2017-12-01)", "didnot(any, mindays=3, from=2017-11-25, to=2017-12-01)")]
    [InlineData("did(pv, category_id>=5, then=buy, gap=1h)", "did(pv, category_id>=5, then=buy, gap=1h)")]
    [InlineData("region=\"north east\"", "region=\"north east\"")]
    [InlineData("did(buy, from=2017-11-25, to=2017-11-25, min=2, max=2)", "did(buy, min=2, max=2, from=2017-11-25, to=2017-11-25)")]
    public void ParsesAndPrintsWithPrecedence(string text, string canonical) => Assert.Equal(canonical, Segment.Parse(text).ToString());

    [Theory]
    [InlineData("a &", 4)]
    [InlineData("(a | b", 7)]
    [InlineData("a b", 3)]
    [InlineData("did(buy, min=x)", 14)]
    [InlineData("did(buy, within=3q)", 17)]
    [InlineData("a | ) ", 5)]
    [InlineData("did(buy, min=1, min=2)", 17)]
    // Rules about whole arguments point at the argument that breaks them, and name no "found" character.
    [InlineData("did(buy, gap=1d)", 10)]
    [InlineData("did(buy, within=7d, gap=1d, min=2)", 21)]
    [InlineData("did(buy, min=2, mindays=3)", 17)]
    [InlineData("did(buy, maxdays=3, within=9d, max=1)", 32)]
    [InlineData("did(buy, price>1, region=x)", 19)]
    // A reversed range holds nothing: the later of its two ends is the error.
    [InlineData("did(buy, from=2017-11-30, to=2017-11-25)", 27)]
    [InlineData("did(buy, to=2017-11-25, from=2017-11-30)", 25)]
    [InlineData("did(buy, min=3, max=2)", 17)]
    [InlineData("didnot(buy, mindays=3, maxdays=1)", 24)]
    public void SyntaxErrorsPointAtThePosition(string text, int position)
    {
        var e = Assert.Throws<ColumnarException>(() => Segment.Parse(text));
        Assert.Equal(ErrorCodes.SegmentSyntax, e.Code);
        Assert.Contains($"at position {position}:", e.Reason);
        // The caret line points at the same place.
        var lines = e.Reason.Split('\n');
        Assert.Equal(position + 1, lines[^1].IndexOf('^'));
    }

    [Fact]
    public void ArgumentRuleErrorsDoNotClaimAFoundCharacter()
    {
        var e = Assert.Throws<ColumnarException>(() => Segment.Parse("did(buy, gap=1d)"));
        Assert.Contains("gap needs then=EVENT\n", e.Reason);
        Assert.DoesNotContain("found", e.Reason);
    }

    [Fact]
    public void AReversedDateRangeNamesBothDates()
    {
        var e = Assert.Throws<ColumnarException>(() => Segment.Parse("did(buy, from=2017-11-30, to=2017-11-25)"));
        Assert.StartsWith("segment syntax error at position 27: from=2017-11-30 is after to=2017-11-25; the range holds no date\n", e.Reason);
    }

    [Fact]
    public void WarningsNameValuesAndEventsThatCanOnlyMatchNobody()
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        Assert.Empty(Segment.Parse("k=true | did(buy, then=view) & all").Warnings(store));
        var warnings = Segment.Parse("k=yes | did(nosuch) - didnot(buy, thennot=zzz) | did(view, then=nosuch)").Warnings(store);
        Assert.Equal(new[]
        {
            "tag 'k' has no user with value 'yes' (its values: true)",
            "event 'nosuch' does not occur in the data",
            "event 'zzz' does not occur in the data",
        }, warnings);
    }

    [Theory]
    [InlineData("ids.xlsx", "unknown extension '.xlsx'")]
    [InlineData("ids", "no extension")]
    public void ExportRefusesFormatsItCannotWrite(string name, string reason)
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        using var set = store.Segment("k");
        var dir = Directory.CreateTempSubdirectory("columnar-export-");
        try
        {
            var path = Path.Combine(dir.FullName, name);
            var e = Assert.Throws<ColumnarException>(() => set.Export(path));
            Assert.Equal(ErrorCodes.CannotWrite, e.Code);
            Assert.Contains(reason, e.Message);
            Assert.Empty(dir.GetFileSystemInfos());
            // A directory in the way, or a missing one, is the same code and leaves nothing behind.
            Directory.CreateDirectory(Path.Combine(dir.FullName, "taken.csv"));
            Assert.Contains("it is a directory", Assert.Throws<ColumnarException>(() => set.Export(Path.Combine(dir.FullName, "taken.csv"))).Message);
            Assert.Contains("does not exist", Assert.Throws<ColumnarException>(() => set.Export(Path.Combine(dir.FullName, "no", "x.parquet"))).Message);
            Assert.Single(dir.GetFileSystemInfos());
            set.Export(Path.Combine(dir.FullName, "ok.csv"));
            Assert.Equal(6, File.ReadAllLines(Path.Combine(dir.FullName, "ok.csv")).Length); // header + 5 users, no temporary file left
            Assert.Equal(2, dir.GetFileSystemInfos().Length);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Hand-computed: 10 users, tag 'k' from did(view, min=6): users 60..100 (5 users); segment = did(buy) = users 20,40,60,80,100.
    /// k=true: in segment 3 of 5 = 60%, overall 5 of 10 = 50%, TGI 120.
    /// </summary>
    [Fact]
    public void ComparisonMatchesAHandComputedCase()
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)"), TagDefinition.Rule("never", "did(nothing)")]);
        using var segment = store.Segment("did(buy)");
        Assert.Equal(5, segment.Count);
        var c = store.Compare(segment);
        Assert.Equal(5, c.SegmentUsers);
        Assert.Equal(10, c.PopulationUsers);
        var row = Assert.Single(c.Rows);
        Assert.Equal(("k", "true", 3L, 5L), (row.Tag, row.Value, row.SegmentUsers, row.AllUsers));
        Assert.Equal(0.6, row.SegmentShare!.Value, 12);
        Assert.Equal(0.5, row.OverallShare!.Value, 12);
        Assert.Equal(120, row.Tgi!.Value, 9);
        Assert.Equal(new[] { "k" }, store.Tags.Where(t => store.Values(t).Count > 0));
        Assert.Equal([new TagValue("k", "true")], store.Profile(60));
        Assert.Empty(store.Profile(50));
        Assert.Equal(ErrorCodes.UnknownTag, Assert.Throws<ColumnarException>(() => store.Segment("nope=1")).Code);
    }

    [Fact]
    public void AttributeTagsJoinByOriginalIdAndBucketNumbers()
    {
        using var table = UserSetTests.Small();
        using var temp = IngestTestKit.Temp();
        var path = temp.File("users.csv", "user_id,gender,age\n10,f,17\n20,m,18\n30,f,40.5\n40,,65\n999,m,30\n");
        var defs = TagDefinition.Attributes(path, new Dictionary<string, double[]> { ["age"] = [18, 35, 65] });
        using var store = TagStore.Build(table.Query(), defs);
        Assert.Equal(new object[] { 10L, 30L }, store.Users("gender", "f").UserIds().ToArray());
        Assert.Equal(new object[] { 20L }, store.Users("gender", "m").UserIds().ToArray());
        Assert.Equal(new[] { "<18", "[18,35)", "[35,65)", ">=65" }, store.Values("age"));
        Assert.Equal(new object[] { 40L }, store.Users("age", ">=65").UserIds().ToArray());
        Assert.Equal(new object[] { 30L }, store.Users("age", "[35,65)").UserIds().ToArray());
        Assert.Equal(4, store.Coverage().Single(c => c.Tag == "age").Users);
        Assert.Contains(store.Notes, n => n.Contains("1 ids are not in the events table"));

        var bad = temp.File("bad.csv", "user_id,age\n10,x\n");
        var e = Assert.Throws<ColumnarException>(() => TagDefinition.Attributes(bad, new Dictionary<string, double[]> { ["age"] = [18] }));
        Assert.Equal((ErrorCodes.BadUserTable, 2L, "age"), (e.Code, e.Line!.Value, e.Column));
    }

    [Fact]
    public void SyntheticUsersCsvGivesAttributeTags()
    {
        var options = new Columnar.Datasets.SyntheticOptions { Events = 20_000 };
        using var table = Columnar.Datasets.SyntheticDataset.Generate(options);
        using var temp = IngestTestKit.Temp();
        var path = temp.PathOf("users.csv");
        Columnar.Datasets.SyntheticDataset.WriteUsersCsv(path, options);
        var lines = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToArray();
        using var store = TagStore.Build(table.Query(), TagDefinition.Attributes(path));
        var ids = new HashSet<string>(UserSet.All(table).UserIdTexts());
        foreach (var g in lines.Where(f => ids.Contains(f[0])).GroupBy(f => f[1]))
            Assert.Equal(g.Select(f => f[0]).Order(StringComparer.Ordinal), store.Users("gender", g.Key).UserIdTexts().Order(StringComparer.Ordinal));
        Assert.Equal(new[] { "gender", "age_band", "region" }, store.Tags);
    }

    [Fact]
    public void TagFileDefinesEveryKind()
    {
        using var table = UserSetTests.Small();
        using var temp = IngestTestKit.Temp();
        temp.File("u.csv", "user_id,tier\n10,gold\n20,silver\n");
        var path = temp.File("tags.json", """
            {"defaults": false, "tags": [
              {"name": "heavy", "rule": "did(view, min=8)"},
              {"name": "level", "levels": [{"value": "top", "rule": "did(view, min=9)"}, {"value": "rest", "rule": "all"}]},
              {"attributes": "u.csv"},
              {"name": "f", "funnel": ["view", "buy"], "window": "1d"}
            ]}
            """);
        using var store = TagStore.Build(table.Query(), TagFile.Load(path, table));
        Assert.Equal(new object[] { 80L, 90L, 100L }, store.Users("heavy", "true").UserIds().ToArray());
        Assert.Equal(2, store.Users("level", "top").Count);
        Assert.Equal(8, store.Users("level", "rest").Count);
        Assert.Equal(new object[] { 10L }, store.Users("tier", "gold").UserIds().ToArray());
        Assert.Equal(5, store.Users("f", "completed").Count);
        Assert.Equal(5, store.Users("f", "dropped_after_1").Count);
        var bad = temp.File("bad.json", """{"tags": [{"name": "x", "rule": "did(view"}]}""");
        Assert.Equal(ErrorCodes.SegmentSyntax, Assert.Throws<ColumnarException>(() => TagFile.Load(bad, table)).Code);

        // Malformed JSON: one line number (1-based), the reader's reason without its own 0-based position.
        var broken = temp.File("broken.json", "{\"tags\": [\n  {\"name\": \"a\" \"rule\": \"did(buy)\"}\n]}\n");
        var e = Assert.Throws<ColumnarException>(() => TagFile.Load(broken, table));
        Assert.Equal((ErrorCodes.BadTagDefinition, 2L), (e.Code, e.Line));
        Assert.Contains("broken.json, line 2: invalid JSON at byte 16 of the line:", e.Message);
        Assert.DoesNotContain("LineNumber", e.Message);

        // A tag defined twice names the file and both entries; so does shadowing a default tag.
        var twice = temp.File("twice.json", """{"tags": [{"name": "a", "rule": "did(buy)"}, {"name": "a", "rule": "did(view)"}]}""");
        Assert.EndsWith("twice.json: tag entry 2: tag 'a' is defined twice (also in tag entry 1)",
            Assert.Throws<ColumnarException>(() => TagFile.Load(twice, table)).Message);
        var shadow = temp.File("shadow.json", """{"defaults": true, "tags": [{"name": "buyer", "rule": "did(buy)"}]}""");
        Assert.Contains("tag 'buyer' is already a default tag", Assert.Throws<ColumnarException>(() => TagFile.Load(shadow, table)).Message);
    }
}
