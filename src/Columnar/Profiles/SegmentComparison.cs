using System.Globalization;
using System.Text;
using Apache.Arrow;
using Columnar.Analytics;

namespace Columnar.Profiles;

/// <summary>One tag value of a <see cref="SegmentComparison"/>.</summary>
/// <param name="Tag">The tag.</param>
/// <param name="Value">The value.</param>
/// <param name="SegmentUsers">Segment users with the value.</param>
/// <param name="SegmentShare">SegmentUsers over all segment users; null for an empty segment.</param>
/// <param name="AllUsers">Users in the population with the value.</param>
/// <param name="OverallShare">AllUsers over the population; null for an empty population.</param>
/// <param name="Tgi">100 × SegmentShare / OverallShare (100 = as common as overall); null when either share is null or OverallShare is 0.</param>
public sealed record SegmentComparisonRow(string Tag, string Value, long SegmentUsers, double? SegmentShare, long AllUsers, double? OverallShare, double? Tgi)
{
    internal static SegmentComparisonRow Create(string tag, string value, long inSegment, long segment, long all, long population)
    {
        double? s = segment == 0 ? null : (double)inSegment / segment;
        double? o = population == 0 ? null : (double)all / population;
        double? tgi = s is { } a && o is { } b && b > 0 ? 100.0 * a / b : null;
        return new SegmentComparisonRow(tag, value, inSegment, s, all, o, tgi);
    }
}

/// <summary>A segment against the population, for every tag value: shares and TGI.</summary>
public sealed class SegmentComparison
{
    internal SegmentComparison(long segmentUsers, long populationUsers, IReadOnlyList<SegmentComparisonRow> rows)
    {
        SegmentUsers = segmentUsers;
        PopulationUsers = populationUsers;
        Rows = rows;
    }

    /// <summary>Users in the segment (within the population).</summary>
    public long SegmentUsers { get; }

    /// <summary>Users in the population.</summary>
    public long PopulationUsers { get; }

    /// <summary>One row per tag value, in tag and value order.</summary>
    public IReadOnlyList<SegmentComparisonRow> Rows { get; }

    /// <summary>The rows as Arrow: tag, value (utf8), segment_users, all_users (int64), segment_share, overall_share, tgi (double).</summary>
    public RecordBatch ToArrow() => new ResultBatch()
        .Strings("tag", Rows.Select(r => r.Tag))
        .Strings("value", Rows.Select(r => r.Value))
        .Int64s("segment_users", Rows.Select(r => (long?)r.SegmentUsers))
        .Doubles("segment_share", Rows.Select(r => r.SegmentShare))
        .Int64s("all_users", Rows.Select(r => (long?)r.AllUsers))
        .Doubles("overall_share", Rows.Select(r => r.OverallShare))
        .Doubles("tgi", Rows.Select(r => r.Tgi))
        .Build();

    /// <summary>The comparison table; a tag with many values shows those with the most segment users.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"segment: {SegmentUsers.ToString("N0", CultureInfo.InvariantCulture)} of {PopulationUsers.ToString("N0", CultureInfo.InvariantCulture)} users ({TextTable.Percent(PopulationUsers == 0 ? null : (double)SegmentUsers / PopulationUsers)})");
        var t = new TextTable("tag", "value", "segment", "in segment", "overall", "TGI").Right(2, 3, 4, 5);
        foreach (var group in Rows.GroupBy(r => r.Tag))
        {
            var rows = group.ToArray();
            var shown = rows.Length <= TagStore.MaxPrintedValues ? rows : rows.OrderByDescending(r => r.SegmentUsers).ThenByDescending(r => r.AllUsers).Take(TagStore.MaxPrintedValues).ToArray();
            foreach (var r in shown)
                t.Add(r.Tag, r.Value, r.SegmentUsers, TextTable.Percent(r.SegmentShare), TextTable.Percent(r.OverallShare),
                r.Tgi is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "");
            if (shown.Length < rows.Length) t.Add(group.Key, $"({rows.Length - shown.Length:N0} more values)", "", "", "", "");
        }
        sb.Append(t);
        return sb.ToString();
    }
}
