namespace Columnar.Tests.Cli;

/// <summary><c>columnar segment</c> with expressions that once overflowed the stack.</summary>
public class SegmentCommandDepthTests
{
    [Fact]
    public void DeepNestingIsASyntaxErrorAndALongChainRuns()
    {
        var deep = CliKit.Run("segment", new string('(', 60_000) + "all" + new string(')', 60_000), "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(1, deep.ExitCode);
        Assert.Contains("PRO0001", deep.Stderr, StringComparison.Ordinal);
        Assert.Contains("position 257", deep.Stderr, StringComparison.Ordinal);

        var flat = CliKit.Run("segment", string.Join("|", Enumerable.Repeat("all", 30_000)), "--input", CliKit.TaobaoTrimmed, "--preset", "taobao");
        Assert.Equal(0, flat.ExitCode);
        Assert.Contains("segment: 815 of 815 users (100.0%)", flat.Stdout, StringComparison.Ordinal);
    }
}
