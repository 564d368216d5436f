using Columnar.Profiles;

namespace Columnar.Tests.Profiles;

/// <summary>What a tag store hands out must not break it, and bad arguments are refused rather than answered emptily.</summary>
public class TagStoreTests
{
    [Fact]
    public void DisposingThePopulationLeavesTheStoreWorking()
    {
        // Small(): users 10..100, user 10k viewed k times; did(view, min=6) holds for k = 6..10.
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        using (var p = store.Population) Assert.Equal(10, p.Count);
        store.Population.Dispose();
        Assert.Equal(10, store.Population.Count);
        using var segment = store.Segment("k=true");
        var comparison = store.Compare(segment);
        Assert.Equal((5L, 10L), (comparison.SegmentUsers, comparison.PopulationUsers));
    }

    [Fact]
    public void ProfileOfANullIdThrows()
    {
        using var table = UserSetTests.Small();
        using var store = TagStore.Build(table.Query(), [TagDefinition.Rule("k", "did(view, min=6)")]);
        Assert.Throws<ArgumentNullException>(() => store.Profile((string)null!));
        Assert.Empty(store.Profile("nosuch"));
        Assert.Equal([new TagValue("k", "true")], store.Profile(60));
    }
}
