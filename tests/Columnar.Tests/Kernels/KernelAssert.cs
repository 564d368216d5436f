using Columnar.Analytics.Retention;
using Columnar.Analytics.Rfm;
using Columnar.Analytics.Sessions;

namespace Columnar.Tests.Kernels;

/// <summary>Asserts that two engines' results are identical: every value, every empty cell, and the printed form.</summary>
public static class KernelAssert
{
    public static void Same(SessionsResult expected, SessionsResult actual)
    {
        Assert.Equal((expected.Sessions, expected.Users, expected.Events, expected.TotalDurationMicros, expected.Bounces),
            (actual.Sessions, actual.Users, actual.Events, actual.TotalDurationMicros, actual.Bounces));
        Assert.Equal(expected.MedianDurationSeconds, actual.MedianDurationSeconds);
        Assert.Equal(expected.Histogram, actual.Histogram);
        Assert.Equal(expected.ToString(), actual.ToString());
    }

    public static void Same(RetentionResult expected, RetentionResult actual)
    {
        Assert.Equal(expected.LastPeriodStart, actual.LastPeriodStart);
        Assert.Equal(expected.Cohorts.Select(c => (c.Start, c.Size)), actual.Cohorts.Select(c => (c.Start, c.Size)));
        for (var i = 0; i < expected.Cohorts.Count; i++)
        {
            Assert.Equal(expected.Cohorts[i].Cells, actual.Cohorts[i].Cells);
            Assert.Equal(expected.Cohorts[i].Fractions, actual.Cohorts[i].Fractions);
        }
        Assert.Equal(expected.Average.Cells, actual.Average.Cells);
        Assert.Equal(expected.Average.CohortUsers, actual.Average.CohortUsers);
        Assert.Equal(expected.Average.Fractions, actual.Average.Fractions);
        Assert.Equal(expected.ToString(), actual.ToString());
    }

    public static void Same(RfmResult expected, RfmResult actual)
    {
        Assert.Equal(expected.ReferenceDate, actual.ReferenceDate);
        Assert.Equal(expected.Purchasers, actual.Purchasers);
        Assert.Equal(expected.Users, actual.Users);
        Assert.Equal(expected.Users.Select(u => u.ToString()), actual.Users.Select(u => u.ToString()));
        Assert.Equal(expected.Segments, actual.Segments);
        Assert.Equal(expected.RScores, actual.RScores);
        Assert.Equal(expected.FScores, actual.FScores);
        Assert.Equal(expected.MScores, actual.MScores);
        Assert.Equal(expected.Notes, actual.Notes);
        Assert.Equal((expected.MeanR, expected.MeanF, expected.MeanM), (actual.MeanR, actual.MeanF, actual.MeanM));
        Assert.Equal(expected.ToString(), actual.ToString());
    }
}
