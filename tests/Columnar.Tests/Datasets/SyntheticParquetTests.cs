using Columnar.Datasets;
using Columnar.Ingest;
using Columnar.Storage;

namespace Columnar.Tests.Datasets;

public class SyntheticParquetTests
{
    [Fact]
    public void ParquetLoadsBackIntoTheGeneratedTable()
    {
        var options = new SyntheticOptions { Events = 20_000, Seed = 11 };
        var path = Path.Combine(Path.GetTempPath(), $"synthetic-{Guid.NewGuid():N}.parquet");
        try
        {
            SyntheticDataset.WriteEventsParquet(path, options);
            using var expected = SyntheticDataset.Generate(options);
            using var loaded = EventTable.Load(path, Preset.Synthetic);
            Assert.Equal(20_000, loaded.LoadReport!.RowsRead);
            Assert.Equal(expected.EventCount, loaded.EventCount);
            Assert.Equal(expected.UserCount, loaded.UserCount);
            Assert.True(expected.Times.SequenceEqual(loaded.Times));
            Assert.True(expected.UserIndex.SequenceEqual(loaded.UserIndex));
            for (var r = 0; r < expected.EventCount; r++)
            {
                Assert.Equal(expected.EventNames[expected.EventCodes[r]], loaded.EventNames[loaded.EventCodes[r]]);
                foreach (var name in new[] { "country", "device", "channel", "revenue" })
                    Assert.Equal(expected.Property(name)!.GetValue(r), loaded.Property(name)!.GetValue(r));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
