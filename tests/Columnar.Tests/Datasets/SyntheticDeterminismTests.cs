using Columnar.Datasets;
using Columnar.Storage;
using Xunit;

namespace Columnar.Tests.Datasets;

public class SyntheticDeterminismTests
{
    /// <summary>Every core column, the user ids, the event dictionary and every property value, row by row.</summary>
    internal static void AssertSameTable(EventTable a, EventTable b)
    {
        Assert.Equal(a.EventCount, b.EventCount);
        Assert.Equal(a.UserCount, b.UserCount);
        Assert.True(a.UserIndex.SequenceEqual(b.UserIndex));
        Assert.True(a.Times.SequenceEqual(b.Times));
        Assert.True(a.EventCodes.SequenceEqual(b.EventCodes));
        Assert.True(a.Offsets.SequenceEqual(b.Offsets));
        Assert.Equal(a.EventNames, b.EventNames);
        Assert.Equal(Enumerable.Range(0, a.UserCount).Select(a.GetUserId), Enumerable.Range(0, b.UserCount).Select(b.GetUserId));
        Assert.Equal(a.Properties.Select(p => (p.Name, p.Type)), b.Properties.Select(p => (p.Name, p.Type)));
        foreach (var p in a.Properties)
        {
            var q = b.Property(p.Name)!;
            for (var i = 0; i < a.EventCount; i++) Assert.Equal(p.GetValue(i), q.GetValue(i));
        }
    }

    [Fact]
    public void SameOptionsGiveTheSameTable()
    {
        var options = new SyntheticOptions { Events = 150_000 };
        using var a = SyntheticDataset.Generate(options);
        using var b = SyntheticDataset.Generate(options with { });
        AssertSameTable(a, b);
    }

    [Fact]
    public void OneThreadAndManyThreadsGiveTheSameTable()
    {
        // 300,000 events make several chunks of users, so the threads really split the work.
        var options = new SyntheticOptions { Events = 300_000, Seed = 7 };
        using var single = SyntheticDataset.Generate(options, maxThreads: 1);
        using var many = SyntheticDataset.Generate(options, maxThreads: 4);
        AssertSameTable(single, many);
    }

    [Fact]
    public void AnotherSeedGivesOtherData()
    {
        using var a = SyntheticDataset.Generate(new SyntheticOptions { Events = 20_000 });
        using var b = SyntheticDataset.Generate(new SyntheticOptions { Events = 20_000, Seed = 1 });
        Assert.Equal(a.EventCount, b.EventCount);
        Assert.False(a.Times.SequenceEqual(b.Times));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(49, 1)]
    [InlineData(50, 1)]
    [InlineData(99, 1)]
    [InlineData(100, 2)]
    [InlineData(12_345, 246)]
    [InlineData(250_001, 5_000)]
    public void EventAndUserCountsAreExact(int events, int users)
    {
        using var t = SyntheticDataset.Generate(new SyntheticOptions { Events = events });
        Assert.Equal(events, t.EventCount);
        Assert.Equal(users, t.UserCount);
        Assert.Equal(users, new SyntheticOptions { Events = events }.Users);
    }

    [Fact]
    public void ShortWindowsAndOtherStartsKeepEveryEventInside()
    {
        // 200,000 events in one day force the heaviest users' sessions to be squeezed into the window.
        var start = new DateTime(2024, 2, 28, 0, 0, 0, DateTimeKind.Utc);
        var options = new SyntheticOptions { Events = 200_000, Start = start, Days = 1 };
        using var t = SyntheticDataset.Generate(options);
        var from = (start - DateTime.UnixEpoch).Ticks / 10;
        Assert.Equal(200_000, t.EventCount);
        foreach (var time in t.Times) Assert.InRange(time, from, from + 86_400_000_000L - 1);
        var offsets = t.Offsets;
        for (var u = 0; u < t.UserCount; u++)
            for (var i = offsets[u] + 1; i < offsets[u + 1]; i++)
                Assert.True(t.Times[i] >= t.Times[i - 1]);
    }

    [Fact]
    public void UnspecifiedKindStartIsReadAsUtc()
    {
        using var utc = SyntheticDataset.Generate(new SyntheticOptions { Events = 5_000 });
        using var unspecified = SyntheticDataset.Generate(new SyntheticOptions { Events = 5_000, Start = new DateTime(2025, 1, 1) });
        Assert.True(utc.Times.SequenceEqual(unspecified.Times));
    }

    public static TheoryData<SyntheticOptions, string> BadOptions => new()
    {
        { new SyntheticOptions { Events = 0 }, "Events" },
        { new SyntheticOptions { Days = 0 }, "Days" },
        { new SyntheticOptions { Days = 3651 }, "Days" },
        { new SyntheticOptions { Start = new DateTime(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc) }, "midnight" },
        { new SyntheticOptions { Start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Local) }, "UTC" },
        { new SyntheticOptions { Start = new DateTime(1969, 12, 1, 0, 0, 0, DateTimeKind.Utc) }, "1970" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void OutOfRangeOptionsAreRejectedWithACode(SyntheticOptions options, string mentions)
    {
        var e = Assert.Throws<ColumnarException>(() => SyntheticDataset.Generate(options));
        Assert.Equal(ErrorCodes.BadOption, e.Code);
        Assert.Contains(mentions, e.Message);
        Assert.Throws<ColumnarException>(() => SyntheticDataset.WriteUsersCsv(Path.Combine(Path.GetTempPath(), "never.csv"), options));
    }
}
