using Columnar.Profiles;

namespace Columnar.Tests.Profiles;

/// <summary>Deep and long segment expressions: a nesting limit with a position, and long chains that parse, print and evaluate.</summary>
public class SegmentDepthTests
{
    private static string Nested(int depth, string atom = "all") => new string('(', depth) + atom + new string(')', depth);

    private static string Chain(int terms, string atom, string op = " | ") => string.Join(op, Enumerable.Repeat(atom, terms));

    [Fact]
    public void ParenthesesDeeperThanTheLimitAreASyntaxErrorAtTheFirstTooDeepOne()
    {
        var e = Assert.Throws<ColumnarException>(() => Segment.Parse(Nested(60_000)));
        Assert.Equal(ErrorCodes.SegmentSyntax, e.Code);
        // The 257th '(' is at 1-based position 257.
        Assert.Contains("at position 257: parentheses nest deeper than 256 levels", e.Reason, StringComparison.Ordinal);
        Assert.True(e.Reason.Length < 400, "the error shows a window of the text, not all of it");
        Assert.Equal("all", Segment.Parse(Nested(256)).ToString());
    }

    [Fact]
    public void ALongFlatChainParsesPrintsWarnsAndEvaluates()
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        var all = Segment.Parse(Chain(30_000, "all"));
        Assert.Empty(all.Warnings(store));
        Assert.Equal(Chain(30_000, "all"), all.ToString());
        Assert.Equal(table.UserCount, all.Count(store));

        using var k = store.Segment("k");
        var ks = Segment.Parse(Chain(30_000, "k=true") + " - k=true & all");
        Assert.Equal(k.Count, ks.Count(store));                            // k | … | (k - k & all) = k
        Assert.Equal(table.UserCount - k.Count, Segment.Parse("all" + string.Concat(Enumerable.Repeat(" - k=true", 30_000))).Count(store));
        var typos = Segment.Parse(Chain(30_000, "k=yes")).Warnings(store);
        Assert.Equal(["tag 'k' has no user with value 'yes' (its values: true)"], typos);
    }

    [Fact]
    public void ALongRuleCompilesAndMatchesItsShortForm()
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(),
            [TagDefinition.Rule("k", "did(view, min=6)"), TagDefinition.Rule("long", Chain(30_000, "did(view, min=6)"))]);
        Assert.Equal(store.Segment("k").Count, store.Segment("long=true").Count);
    }

    [Fact]
    public void FluentChainsStayFlatAndFluentNestingHasALimit()
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        var s = Segment.Tag("k", "true");
        for (var i = 0; i < 30_000; i++) s = s.Or(Segment.Tag("k", "true"));
        Assert.Equal(store.Segment("k").Count, s.Count(store));

        // Alternating levels nest: (… & k) | k, then & k, … — each step adds one level.
        var deep = Segment.Tag("k");
        var e = Assert.Throws<ColumnarException>(() =>
        {
            for (var i = 0; i < 1_000; i++) deep = i % 2 == 0 ? Segment.Tag("k").And(deep | Segment.Tag("k")) : Segment.Tag("k").Or(deep & Segment.Tag("k"));
        });
        Assert.Equal(ErrorCodes.SegmentSyntax, e.Code);
        Assert.Contains("deeper than 512 levels", e.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("all - k=true - k=true", false)]
    [InlineData("(all - k=true) | k=true", true)]
    [InlineData("all - (k=true | k=true)", false)]
    [InlineData("k=true | all - k=true", true)]
    public void FlatChainsKeepLeftAssociativity(string text, bool everyone)
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        using var k = store.Segment("k");
        Assert.InRange(k.Count, 1, table.UserCount - 1);
        Assert.Equal(everyone ? table.UserCount : table.UserCount - k.Count, Segment.Parse(text).Count(store));
    }
}
