using Columnar.Governance;
using Columnar.Ingest;
using Columnar.Tests.Ingest;

namespace Columnar.Tests.Governance;

/// <summary>Hand-built dirty CSV files loaded through governance.</summary>
internal static class GovernanceTestKit
{
    /// <summary>Writes <paramref name="csv"/> (header user,time,event,...) and governs it with the given property columns (untyped: strings).</summary>
    public static GovernedTable Govern(string csv, string props, GovernanceOptions options, string? typedProps = null)
    {
        using var dir = IngestTestKit.Temp();
        var path = dir.File("dirty.csv", csv);
        var preset = Preset.Custom.With(new EventMapping { User = "user", Time = "time", Event = "event", Props = typedProps ?? props });
        return DataGovernance.Load(path, preset, new LoadOptions { RejectsPath = dir.PathOf("rejects.csv") }, options);
    }

    public static QualityReason Reason(QualityReport report, QualityCategory category, string reason) =>
        report.Category(category).Reasons.Single(r => r.Reason == reason);

    /// <summary>Every row read is in exactly one category or clean.</summary>
    public static void AssertReconciles(QualityReport r)
    {
        Assert.Equal(r.RowsRead, r.Categories.Sum(c => c.Rows) + r.RowsClean);
        Assert.Equal(r.RowsRead, r.RowsLoaded + r.RowsRejected);
        Assert.Equal(r.RowsKept, r.RowsLoaded - r.RowsRemoved);
        foreach (var c in r.Categories) Assert.Equal(c.Rows, c.Reasons.Sum(x => x.Rows));
    }
}
