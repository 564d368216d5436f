using Columnar.Datasets;
using Columnar.Storage;

namespace Columnar.Tests.Datasets;

/// <summary>The default generation (1,000,000 events), made once for the tests that check its shape.</summary>
public sealed class DefaultSyntheticFixture : IDisposable
{
    public DefaultSyntheticFixture()
    {
        Table = SyntheticDataset.Generate();
        Names = Enumerable.Range(0, Table.EventCount).Select(i => Table.EventNames[Table.EventCodes[i]]).ToArray();
    }

    public EventTable Table { get; }

    /// <summary>The event name of every row.</summary>
    public string[] Names { get; }

    public void Dispose() => Table.Dispose();
}
