using System.Collections;

namespace Columnar.Analytics.Rfm;

/// <summary>
/// The per-purchaser rows of an RFM result, held as columns. <see cref="RfmUser"/> records (and the id strings in them) are
/// made only when a row is read, so a caller who wants the segment table never pays for tens of thousands of rows it does
/// not look at. Each read of a row makes a new, equal record.
/// </summary>
internal sealed class RfmRows : IReadOnlyList<RfmUser>
{
    private static readonly string[] SegmentKeys = Enumerable.Range(0, 8).Select(s => RfmSegment.Of((s & 4) != 0, (s & 2) != 0, (s & 1) != 0).Key).ToArray();

    private readonly Func<int, string> _userId;

    /// <param name="userId">The original id of row i, as text.</param>
    /// <param name="r">R per row.</param>
    /// <param name="f">F per row.</param>
    /// <param name="m">M per row.</param>
    /// <param name="rScores">R score per row.</param>
    /// <param name="fScores">F score per row.</param>
    /// <param name="mScores">M score per row.</param>
    /// <param name="segments">The segment code of each row: 4·recent + 2·high F + high M (see <see cref="Code(RfmSegment)"/>).</param>
    public RfmRows(Func<int, string> userId, long[] r, long[] f, decimal[] m, int[] rScores, int[] fScores, int[] mScores, byte[] segments)
    {
        _userId = userId;
        R = r;
        F = f;
        M = m;
        RScores = rScores;
        FScores = fScores;
        MScores = mScores;
        Segments = segments;
    }

    public long[] R { get; }
    public long[] F { get; }
    public decimal[] M { get; }
    public int[] RScores { get; }
    public int[] FScores { get; }
    public int[] MScores { get; }
    public byte[] Segments { get; }

    public int Count => R.Length;

    public RfmUser this[int index] =>
        new(_userId(index), R[index], F[index], M[index], RScores[index], FScores[index], MScores[index], SegmentKeys[Segments[index]]);

    /// <summary>The segment code of a segment: 4·recent + 2·high F + high M.</summary>
    public static byte Code(RfmSegment segment) => (byte)((segment.Recent ? 4 : 0) | (segment.HighFrequency ? 2 : 0) | (segment.HighMonetary ? 1 : 0));

    /// <summary>The segment code of a segment key.</summary>
    public static byte Code(string key) => (byte)Array.IndexOf(SegmentKeys, key);

    public IEnumerator<RfmUser> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
