using System.Text;
using Apache.Arrow;

namespace Columnar.Analytics.Sessions;

/// <summary>One bucket of the session-duration histogram: durations in [<see cref="MinSeconds"/>, <see cref="MaxSeconds"/>).</summary>
/// <param name="Label">A readable label such as <c>1–5 min</c>.</param>
/// <param name="MinSeconds">Inclusive lower bound in seconds.</param>
/// <param name="MaxSeconds">Exclusive upper bound in seconds, or null for the open last bucket. The first bucket is exactly 0 s.</param>
/// <param name="Sessions">Sessions in the bucket.</param>
/// <param name="Share">Sessions in the bucket over all sessions, in [0,1]; null when there are no sessions.</param>
public sealed record SessionDurationBucket(string Label, double MinSeconds, double? MaxSeconds, long Sessions, double? Share);

/// <summary>The result of a sessions analysis.</summary>
public sealed class SessionsResult
{
    internal SessionsResult(SessionsDefinition definition, long sessions, long users, long events, long totalDurationMicros,
        double? medianDurationMicros, long bounces, IReadOnlyList<SessionDurationBucket> histogram)
    {
        Definition = definition;
        Sessions = sessions;
        Users = users;
        Events = events;
        TotalDurationMicros = totalDurationMicros;
        MedianDurationSeconds = medianDurationMicros / 1e6;
        Bounces = bounces;
        Histogram = histogram;
    }

    /// <summary>The options the result was computed with.</summary>
    public SessionsDefinition Definition { get; }

    /// <summary>The number of sessions.</summary>
    public long Sessions { get; }

    /// <summary>Users with at least one event in scope.</summary>
    public long Users { get; }

    /// <summary>Events in scope.</summary>
    public long Events { get; }

    /// <summary>The sum of all session durations in microseconds (exact).</summary>
    public long TotalDurationMicros { get; }

    /// <summary>The mean session duration in seconds, bounces included as 0 s; null when there are no sessions.</summary>
    public double? MeanDurationSeconds => Sessions == 0 ? null : TotalDurationMicros / 1e6 / Sessions;

    /// <summary>The median session duration in seconds (the mean of the two middle values for an even count); null when there are no sessions.</summary>
    public double? MedianDurationSeconds { get; }

    /// <summary>Sessions with exactly one event.</summary>
    public long Bounces { get; }

    /// <summary>Bounces over sessions, in [0,1]; null when there are no sessions.</summary>
    public double? BounceRate => Sessions == 0 ? null : (double)Bounces / Sessions;

    /// <summary>Events per session; null when there are no sessions.</summary>
    public double? MeanEventsPerSession => Sessions == 0 ? null : (double)Events / Sessions;

    /// <summary>Sessions per user; null when there are no users.</summary>
    public double? SessionsPerUser => Users == 0 ? null : (double)Sessions / Users;

    /// <summary>The duration histogram, from 0 s to ≥ 1 h.</summary>
    public IReadOnlyList<SessionDurationBucket> Histogram { get; }

    /// <summary>The histogram as an Arrow record batch: label, min_seconds, max_seconds, sessions, share.</summary>
    public RecordBatch ToArrow() => new ResultBatch()
        .Strings("bucket", Histogram.Select(b => b.Label))
        .Doubles("min_seconds", Histogram.Select(b => (double?)b.MinSeconds))
        .Doubles("max_seconds", Histogram.Select(b => b.MaxSeconds))
        .Int64s("sessions", Histogram.Select(b => (long?)b.Sessions))
        .Doubles("share", Histogram.Select(b => b.Share))
        .Build();

    /// <summary>A readable summary and histogram.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Sessions (timeout {Definition.Timeout:g}; a gap greater than the timeout starts a new session)");
        var summary = new TextTable("metric", "value").Right(1);
        summary.Add("sessions", Sessions);
        summary.Add("users", Users);
        summary.Add("events", Events);
        summary.Add("sessions per user", SessionsPerUser);
        summary.Add("events per session", MeanEventsPerSession);
        summary.Add("mean duration (s)", MeanDurationSeconds);
        summary.Add("median duration (s)", MedianDurationSeconds);
        summary.Add("bounces (1 event)", Bounces);
        summary.Add("bounce rate", TextTable.Percent(BounceRate));
        sb.Append(summary);
        sb.AppendLine();
        var hist = new TextTable("duration", "sessions", "share").Right(1, 2);
        foreach (var b in Histogram) hist.Add(b.Label, b.Sessions, TextTable.Percent(b.Share));
        sb.Append(hist);
        return sb.ToString();
    }
}
