using System.Globalization;
using System.Text;
using Apache.Arrow;

namespace Columnar.Analytics.Rfm;

/// <summary>One purchaser's RFM values, scores and segment.</summary>
/// <param name="UserId">The original user id as text.</param>
/// <param name="R">Whole local days from the last purchase's local date to the reference date (≥ 1).</param>
/// <param name="F">The number of purchases.</param>
/// <param name="M">The exact sum of the amounts, or F without an amount column.</param>
/// <param name="RScore">1..5: 1 + floor(5·(r − 1)/n), r the lowest rank among ties when purchasers are ranked by R descending.</param>
/// <param name="FScore">1..5 likewise, ranked by F ascending.</param>
/// <param name="MScore">1..5 likewise, ranked by M ascending.</param>
/// <param name="Segment">The key of the purchaser's <see cref="RfmSegment"/>.</param>
public sealed record RfmUser(string UserId, long R, long F, decimal M, int RScore, int FScore, int MScore, string Segment);

/// <summary>One segment's share of purchasers and its mean R, F and M.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Users">Purchasers in the segment.</param>
/// <param name="Share">Users over all purchasers in [0,1]; null when there are no purchasers.</param>
/// <param name="MeanR">The mean R in days of the segment's users; null when the segment is empty.</param>
/// <param name="MeanF">The mean F of the segment's users; null when the segment is empty.</param>
/// <param name="MeanM">The mean M of the segment's users; null when the segment is empty.</param>
public sealed record RfmSegmentStats(RfmSegment Segment, long Users, double? Share, double? MeanR, double? MeanF, decimal? MeanM);

/// <summary>The result of an RFM analysis.</summary>
public sealed class RfmResult
{
    private readonly int _scale;
    private readonly long _sumR;
    private readonly long _sumF;
    private readonly decimal _sumM;

    internal RfmResult(RfmDefinition definition, string timeZone, int scale, DateOnly? referenceDate, long purchasers,
        long sumR, long sumF, decimal sumM, IReadOnlyList<string> notes, IReadOnlyList<RfmSegmentStats> segments,
        IReadOnlyList<long> rScores, IReadOnlyList<long> fScores, IReadOnlyList<long> mScores, IReadOnlyList<RfmUser> users)
    {
        Definition = definition;
        TimeZone = timeZone;
        _scale = scale;
        ReferenceDate = referenceDate;
        Purchasers = purchasers;
        _sumR = sumR;
        _sumF = sumF;
        _sumM = sumM;
        Notes = notes;
        Segments = segments;
        RScores = rScores;
        FScores = fScores;
        MScores = mScores;
        Users = users;
    }

    /// <summary>The options the result was computed with.</summary>
    public RfmDefinition Definition { get; }

    /// <summary>The IANA time zone of the local dates.</summary>
    public string TimeZone { get; }

    /// <summary>The local reference date (exclusive); null when the scope has no events.</summary>
    public DateOnly? ReferenceDate { get; }

    /// <summary>Users with at least one purchase in scope before the reference date.</summary>
    public long Purchasers { get; }

    /// <summary>The mean R in days; null without purchasers.</summary>
    public double? MeanR => Purchasers == 0 ? null : (double)_sumR / Purchasers;

    /// <summary>The mean F; null without purchasers.</summary>
    public double? MeanF => Purchasers == 0 ? null : (double)_sumF / Purchasers;

    /// <summary>The mean M (decimal division of the exact sum); null without purchasers.</summary>
    public decimal? MeanM => Purchasers == 0 ? null : _sumM / Purchasers;

    /// <summary>True when M sums an amount column; false when M is the number of purchases.</summary>
    public bool HasAmount => Definition.AmountColumn is not null;

    /// <summary>How F and M were measured, and anything else a reader must know (such as M = F without an amount column).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>All 8 segments in the order of <see cref="RfmSegment.All"/>, empty ones included.</summary>
    public IReadOnlyList<RfmSegmentStats> Segments { get; }

    /// <summary>Purchasers per R score: index 0 holds score 1, index 4 score 5.</summary>
    public IReadOnlyList<long> RScores { get; }

    /// <summary>Purchasers per F score: index 0 holds score 1, index 4 score 5.</summary>
    public IReadOnlyList<long> FScores { get; }

    /// <summary>Purchasers per M score: index 0 holds score 1, index 4 score 5.</summary>
    public IReadOnlyList<long> MScores { get; }

    /// <summary>One row per purchaser, in user order (original ids, numerically for integer ids, ordinally for text ids).</summary>
    public IReadOnlyList<RfmUser> Users { get; }

    /// <summary>The purchasers of the segment with key <paramref name="segmentKey"/> (for example <c>important_value</c>).</summary>
    /// <exception cref="ColumnarException">ANA0001 for an unknown key.</exception>
    public IReadOnlyList<RfmUser> UsersIn(string segmentKey)
    {
        var key = RfmSegment.FromKey(segmentKey).Key;
        return Users.Where(u => u.Segment == key).ToArray();
    }

    /// <summary>
    /// The per-purchaser rows as an Arrow record batch: <c>user_id</c> (utf8), <c>r</c> (int64, days), <c>f</c> (int64),
    /// <c>m</c> (decimal128(38, amount scale)), <c>r_score</c>, <c>f_score</c>, <c>m_score</c> (int32) and <c>segment</c> (utf8 key).
    /// </summary>
    public RecordBatch ToArrow() => new ResultBatch()
        .Strings("user_id", Users.Select(u => u.UserId))
        .Int64s("r", Users.Select(u => (long?)u.R))
        .Int64s("f", Users.Select(u => (long?)u.F))
        .Decimals("m", _scale, Users.Select(u => (decimal?)u.M))
        .Int32s("r_score", Users.Select(u => (int?)u.RScore))
        .Int32s("f_score", Users.Select(u => (int?)u.FScore))
        .Int32s("m_score", Users.Select(u => (int?)u.MScore))
        .Strings("segment", Users.Select(u => u.Segment))
        .Build();

    /// <summary>A mean amount with two decimals (a column of 74, 296.9 and 84.14 reads badly), or empty for null.</summary>
    private static string Money(decimal? m) => m is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "";

    /// <summary>A readable summary, the segment table and the score distributions.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var date = ReferenceDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(no events)";
        sb.AppendLine($"RFM of '{Definition.PurchaseEvent}' as of {date} in {TimeZone}: {Purchasers.ToString("N0", CultureInfo.InvariantCulture)} purchasers");
        if (Purchasers > 0) sb.AppendLine($"mean R {TextTable.FormatCell(MeanR)} days, mean F {TextTable.FormatCell(MeanF)}, mean M {Money(MeanM)}");
        foreach (var note in Notes) sb.AppendLine($"note: {note}");
        sb.AppendLine();
        var segments = new TextTable("segment", "名称", "users", "share", "mean R", "mean F", "mean M").Right(2, 3, 4, 5, 6);
        foreach (var s in Segments)
            segments.Add(s.Segment.English, s.Segment.Chinese, s.Users, TextTable.Percent(s.Share), s.MeanR, s.MeanF, Money(s.MeanM));
        sb.Append(segments);
        sb.AppendLine();
        var scores = new TextTable("score", "R", "F", "M").Right(0, 1, 2, 3);
        for (var i = 0; i < 5; i++) scores.Add(i + 1, RScores[i], FScores[i], MScores[i]);
        sb.Append(scores);
        return sb.ToString();
    }
}
