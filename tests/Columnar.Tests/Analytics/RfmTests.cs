using Columnar.Query;
using Apache.Arrow;
using Apache.Arrow.Types;
using Columnar.Analytics.Rfm;
using Columnar.Storage;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Analytics;

public class RfmTests
{
    private static readonly DateTime T0 = Journeys.T0; // 2024-03-01 00:00 UTC
    private static DateTime Day(int day, int hour = 12) => T0.AddDays(day - 1).AddHours(hour);
    private static DateOnly D(int month, int day) => new(2024, month, day);

    private static RfmUser User(RfmResult r, string id) => r.Users.Single(u => u.UserId == id);
    private static string[] Strings(IArrowArray a) => Enumerable.Range(0, a.Length).Select(i => ((StringArray)a).GetString(i)).ToArray();
    private static long Count(RfmResult r, string key) => r.Segments.Single(s => s.Segment.Key == key).Users;

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void TiesGetTheLowestRankAndEqualScores(Engine engine)
    {
        var j = new Journeys();
        foreach (var (user, purchases) in new[] { ("a", 1), ("b", 1), ("c", 2), ("d", 2), ("e", 5) })
            for (var i = 0; i < purchases; i++) j.Add(user, Day(1, 8 + i), "buy");
        using var table = j.Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Run();
        // n = 5; all R = 1 (one rank, score 1); F ranks 1,1,3,3,5 -> scores 1,1,3,3,5; M = F.
        Assert.Equal(5, r.Purchasers);
        Assert.Equal(D(3, 2), r.ReferenceDate);
        Assert.Equal(new[] { 1, 1, 3, 3, 5 }, r.Users.Select(u => u.FScore));
        Assert.Equal(new[] { 1, 1, 3, 3, 5 }, r.Users.Select(u => u.MScore));
        Assert.All(r.Users, u => Assert.Equal(1, u.RScore));
        Assert.Equal(new long[] { 5, 0, 0, 0, 0 }, r.RScores);
        Assert.Equal(new long[] { 2, 0, 2, 0, 1 }, r.FScores);
        // ΣF = 11: only e (5·5 = 25 > 11) is high. ΣR = 5 = 5·1: nobody is recent.
        Assert.Equal("important_retention", User(r, "e").Segment);
        Assert.Equal(4, Count(r, "general_winback"));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void TwoPurchasersUseScoresOneAndThree(Engine engine)
    {
        using var table = new Journeys()
            .Add("a", Day(1), "buy")
            .Add("b", Day(2), "buy").Add("b", Day(3), "buy")
            .Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Run();
        // Reference 03-04: a R = 3, b R = 1. Ranks 1 and 2 of n = 2: scores 1 and 1 + floor(5/2) = 3.
        Assert.Equal((3L, 1, 1L, 1), (User(r, "a").R, User(r, "a").RScore, User(r, "a").F, User(r, "a").FScore));
        Assert.Equal((1L, 3, 2L, 3), (User(r, "b").R, User(r, "b").RScore, User(r, "b").F, User(r, "b").FScore));
        Assert.Equal(new long[] { 1, 0, 1, 0, 0 }, r.RScores);
        Assert.Equal(new long[] { 1, 0, 1, 0, 0 }, r.FScores);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ABigTieAtTheTopCapsTheScoreBelowFive(Engine engine)
    {
        var j = new Journeys().Add("a", Day(1), "buy");
        foreach (var u in new[] { "b", "c", "d" })
            for (var i = 0; i < 3; i++) j.Add(u, Day(1, 9 + i), "buy");
        using var table = j.Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Run();
        // F = 1,3,3,3: ranks 1,2,2,2 of n = 4 -> scores 1 and 1 + floor(5·1/4) = 2; nobody reaches 5.
        Assert.Equal(new[] { 1, 2, 2, 2 }, r.Users.Select(u => u.FScore));
        Assert.Equal(new long[] { 1, 3, 0, 0, 0 }, r.FScores);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ValuesEqualToTheMeanCountAsLowAndNotRecent(Engine engine)
    {
        using var table = new Journeys().Prop("amount", PropertyType.Decimal)
            .Add("x", Day(1), "buy", ("amount", 1.00m)).Add("x", Day(2), "buy", ("amount", 1.00m)).Add("x", Day(5), "buy", ("amount", 1.00m))
            .Add("y", Day(1), "buy", ("amount", 1.00m)).Add("y", Day(4), "buy", ("amount", 1.00m))
            .Add("z", Day(3), "buy", ("amount", 1.00m))
            .Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Run();
        // Reference 03-06. R = 1, 2, 3; F = 3, 2, 1; M = 3, 2, 1; every mean is 2.
        Assert.Equal(2.0, r.MeanR);
        Assert.Equal(2.0, r.MeanF);
        Assert.Equal(2m, r.MeanM);
        var y = User(r, "y");
        Assert.Equal((2L, 2L, 2m), (y.R, y.F, y.M));
        Assert.Equal("general_winback", y.Segment);
        Assert.Equal("important_value", User(r, "x").Segment);
        Assert.Equal("general_winback", User(r, "z").Segment);
        // Scores: n = 3, ranks 1, 2, 3 -> 1, 2, 4 (R ranked descending: z first).
        Assert.Equal((4, 4, 4), (User(r, "x").RScore, User(r, "x").FScore, User(r, "x").MScore));
        Assert.Equal((2, 2, 2), (y.RScore, y.FScore, y.MScore));
        Assert.Equal((1, 1, 1), (User(r, "z").RScore, User(r, "z").FScore, User(r, "z").MScore));
        var value = r.Segments.Single(s => s.Segment == RfmSegment.ImportantValue);
        Assert.Equal((1L, 1.0 / 3), (value.Users, value.Share!.Value));
        Assert.Equal((1.0, 3.0, 3m), (value.MeanR!.Value, value.MeanF!.Value, value.MeanM!.Value));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void WithoutAmountMIsFAndOnlyFourSegmentsCanOccur(Engine engine)
    {
        using var table = new Journeys().Prop("amount", PropertyType.Decimal)
            .Add("p", Day(5), "buy", ("amount", 100.00m))
            .Add("q", Day(1), "buy", ("amount", 1.00m)).Add("q", Day(2), "buy", ("amount", 1.00m)).Add("q", Day(3), "buy", ("amount", 1.00m))
            .Add("s", Day(4), "buy", ("amount", 1.00m))
            .Build();
        // Reference 03-06: R = 1, 3, 2 (ΣR = 6); F = 1, 3, 1 (ΣF = 5); M = 100, 3, 1 (ΣM = 104).
        var withAmount = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Run();
        Assert.True(withAmount.HasAmount);
        Assert.Equal("important_development", User(withAmount, "p").Segment);
        Assert.Equal("general_retention", User(withAmount, "q").Segment);
        Assert.Equal("general_winback", User(withAmount, "s").Segment);

        var r = table.Query().Using(engine).Rfm().Purchases("buy").Run();
        Assert.False(r.HasAmount);
        Assert.Contains(r.Notes, n => n.Contains("M = F") && n.Contains("only 4 of the 8 segments"));
        Assert.All(r.Users, u => Assert.Equal(u.F, u.M));
        Assert.Equal("general_development", User(r, "p").Segment);
        Assert.Equal("important_retention", User(r, "q").Segment);
        Assert.Equal("general_winback", User(r, "s").Segment);
        foreach (var s in RfmSegment.All.Where(s => s.HighFrequency != s.HighMonetary))
            Assert.Equal(0, Count(r, s.Key));
        Assert.Equal(8, r.Segments.Count);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void OrderColumnCountsDistinctOrdersAndEachOrderlessRow(Engine engine)
    {
        using var table = new Journeys().Prop("amount", PropertyType.Decimal).Prop("order", PropertyType.String)
            .Add("u1", Day(1), "buy", ("order", "o1"), ("amount", 1m))
            .Add("u1", Day(1, 13), "buy", ("order", "o1"), ("amount", 2m))
            .Add("u1", Day(2), "buy", ("order", "o2"), ("amount", 3m))
            .Add("u1", Day(2, 13), "buy", ("amount", 4m))
            .Add("u1", Day(2, 14), "buy", ("amount", null))
            .Add("u2", Day(2), "buy", ("order", "o1"), ("amount", 5m))
            .Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Order("order").Run();
        // u1: orders o1, o2 plus two order-less rows = 4; M = 1 + 2 + 3 + 4 + 0 (null amount) = 10. u2's o1 is its own.
        Assert.Equal((4L, 10m), (User(r, "u1").F, User(r, "u1").M));
        Assert.Equal((1L, 5m), (User(r, "u2").F, User(r, "u2").M));
        Assert.Contains(r.Notes, n => n.Contains("distinct order ids"));

        var rows = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Run();
        Assert.Equal(5, User(rows, "u1").F);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ReferenceDateIsTheLocalDateAfterTheLastEventEastOfUtc(Engine engine)
    {
        using var table = new Journeys().Zone("Asia/Shanghai")
            .Add("u1", new DateTime(2024, 3, 1, 15, 0, 0, DateTimeKind.Utc), "buy")  // local 03-01 23:00
            .Add("u2", new DateTime(2024, 3, 1, 17, 0, 0, DateTimeKind.Utc), "view") // local 03-02 01:00: the last event
            .Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Run();
        Assert.Equal(D(3, 3), r.ReferenceDate);
        Assert.Equal(2, User(r, "u1").R);

        var utc = table.Query().Using(engine).InTimeZone("UTC").Rfm().Purchases("buy").Run();
        Assert.Equal(D(3, 2), utc.ReferenceDate);
        Assert.Equal(1, User(utc, "u1").R);

        var asOf = table.Query().Using(engine).Rfm().Purchases("buy").AsOf(D(3, 2)).Run();
        Assert.Equal(1, User(asOf, "u1").R);
        var before = table.Query().Using(engine).Rfm().Purchases("buy").AsOf(D(3, 1)).Run(); // the local 03-01 purchase is not before 03-01
        Assert.Equal(0, before.Purchasers);
        Assert.Empty(before.Users);
        Assert.Null(before.MeanR);
        Assert.All(before.Segments, s => Assert.Equal(0, s.Users));
        Assert.Contains(before.Notes, n => n.Contains("no purchases"));
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void MonetaryIsAnExactDecimalSum(Engine engine)
    {
        using var table = new Journeys().Prop("amount", PropertyType.Decimal)
            .Add("u1", Day(1), "buy", ("amount", 0.1m)).Add("u1", Day(1, 13), "buy", ("amount", 0.2m))
            .Add("u2", Day(1), "buy", ("amount", 0.3m))
            .Add("u3", Day(1), "buy", ("amount", 0.3m))
            .Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Run();
        // In binary floating point 0.1 + 0.2 > 0.3, which would rank u1 above the others and make it high M.
        Assert.All(r.Users, u => Assert.Equal(0.3m, u.M));
        Assert.Equal(0.3m, r.MeanM);
        Assert.Equal(new long[] { 3, 0, 0, 0, 0 }, r.MScores);
        Assert.All(r.Users, u => Assert.False(RfmSegment.FromKey(u.Segment).HighMonetary));
        Assert.Equal("general_retention", User(r, "u1").Segment); // R all equal (not recent); F = 2 > 4/3
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void Int64AmountsAndRolesFromTheTable(Engine engine)
    {
        using var table = new Journeys().Prop("cents", PropertyType.Int64).Prop("oid", PropertyType.Int64)
            .Roles(new EventRoles(Purchase: "pay", Amount: "cents", Order: "oid"))
            .Add("a", Day(1), "pay", ("cents", 150L), ("oid", 7L))
            .Add("a", Day(1, 13), "pay", ("cents", 50L), ("oid", 7L))
            .Add("b", Day(1), "pay", ("cents", 100L), ("oid", 8L))
            .Add("b", Day(2), "view")
            .Build();
        var q = table.Query().Using(engine).Rfm();
        Assert.Equal(new RfmDefinition("pay", "cents", "oid", null), q.Definition);
        var r = q.Run();
        Assert.Equal((2L, 1L, 200m), (User(r, "a").R, User(r, "a").F, User(r, "a").M));
        Assert.Equal((2L, 1L, 100m), (User(r, "b").R, User(r, "b").F, User(r, "b").M));
        Assert.Equal("important_winback", User(r, "a").Segment);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void BadDefinitionsFailWithCodes(Engine engine)
    {
        using var table = new Journeys().Prop("amount", PropertyType.Double).Add("u", Day(1), "buy", ("amount", 1.5)).Build();
        var missing = Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Rfm().Run());
        Assert.Equal(ErrorCodes.MissingRole, missing.Code);
        Assert.Equal(ErrorCodes.UnknownProperty, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Rfm().Purchases("buy").Amount("price").Run()).Code);
        Assert.Equal(ErrorCodes.UnknownProperty, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Rfm().Purchases("buy").Order("order").Explain()).Code);
        var dbl = Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Run());
        Assert.Equal((ErrorCodes.BadOption, "amount"), (dbl.Code, dbl.Column));
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => table.Query().Using(engine).Rfm().Purchases("").Run()).Code);
        var ok = table.Query().Using(engine).Rfm().Purchases("buy").Run();
        Assert.Equal(ErrorCodes.BadOption, Assert.Throws<ColumnarException>(() => ok.UsersIn("vip")).Code);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void ArrowTextAndSegmentLookup(Engine engine)
    {
        using var table = new Journeys().Prop("amount", PropertyType.Decimal)
            .Add("a", Day(1), "buy", ("amount", 12.50m))
            .Add("b", Day(2), "buy", ("amount", 1.25m))
            .Build();
        var r = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Run();
        var batch = r.ToArrow();
        Assert.Equal(["user_id", "r", "f", "m", "r_score", "f_score", "m_score", "segment"], batch.Schema.FieldsList.Select(f => f.Name));
        Assert.Equal(2, ((Decimal128Type)batch.Schema.GetFieldByName("m").DataType).Scale);
        Assert.Equal(12.50m, ((Decimal128Array)batch.Column(3)).GetValue(0));
        Assert.Equal(["a", "b"], Strings(batch.Column(0)));
        // a: R 2, M 12.50 -> not recent (2·2 = 4 > 3), high M: important_winback. b: recent, low M: general_development.
        Assert.Equal(["important_winback", "general_development"], Strings(batch.Column(7)));
        Assert.Equal("b", r.UsersIn("general_development").Single().UserId);

        var text = r.ToString();
        Assert.Contains("重要挽留", text);
        Assert.Contains("important win-back", text);
        Assert.Contains("as of 2024-03-03", text);
        Assert.Contains("50.0%", text);
        var explain = table.Query().Using(engine).Rfm().Purchases("buy").Amount("amount").Explain();
        Assert.Contains("rank() OVER (ORDER BY r DESC)", explain);
        Assert.Contains("$purchase_event", explain);
    }
}

/// <summary>The RFM text: mean amounts with two decimals, whatever their value.</summary>
public class RfmTextTests
{
    [Fact]
    public void MeanAmountsPrintWithTwoDecimals()
    {
        using var table = Columnar.Datasets.SyntheticDataset.Generate(new Columnar.Datasets.SyntheticOptions { Events = 20_000 });
        var rfm = table.Query().Rfm().Run();
        var text = rfm.ToString();
        var means = rfm.Segments.Where(s => s.MeanM is not null).Select(s => s.MeanM!.Value).ToArray();
        Assert.NotEmpty(means);
        foreach (var m in means) Assert.Contains(Math.Round(m, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), text);
        Assert.Matches(@"mean M \d+\.\d\d\r?\n", text);
    }

    [Theory]
    [InlineData(Engine.DuckDb)]
    [InlineData(Engine.Kernels)]
    public void APurchaseEventAbsentFromTheTableIsAWarning(Engine engine)
    {
        using var table = new Journeys().Add("a", Journeys.T0.AddHours(8), "buy").Build();
        var r = table.Query().Using(engine).Rfm().Purchases("nosuch").Run();
        Assert.Equal(0, r.Purchasers);
        Assert.Contains("warning: the purchase event 'nosuch' does not occur in the table", r.Notes);
        Assert.DoesNotContain(r.Notes, n => n.StartsWith("warning", StringComparison.Ordinal) && n.Contains("'buy'"));
        Assert.DoesNotContain(table.Query().Using(engine).Rfm().Purchases("buy").Run().Notes, n => n.StartsWith("warning", StringComparison.Ordinal));
    }
}
