using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Analytics.Sessions;

/// <summary>The <see cref="Engine.Kernels"/> version of sessions: <see cref="SessionsKernel"/> over user ranges in parallel, merged exactly.</summary>
internal static class SessionsKernels
{
    /// <summary>Histogram floors in µs of buckets 2.. (bucket 0 is exactly 0 s, bucket 1 is (0, first floor)).</summary>
    private static readonly long[] BucketFloors = SessionsRunner.Buckets.Skip(2).Select(b => (long)(b.Min * 1e6)).ToArray();

    public static SessionsResult Run(QueryScope scope, SessionsDefinition definition)
    {
        var table = scope.Table;
        var path = Simd.Path;
        var timeout = definition.TimeoutMicros;
        var partials = UserParallel.Map(table.Offsets, scope.Threads, (start, end) =>
            SessionsKernel.Run(table.Times, table.UserIndex, table.Offsets, start, end, scope.FromMicros, scope.ToMicrosExclusive,
                timeout, BucketFloors, path));

        long sessions = 0, users = 0, events = 0, total = 0, bounces = 0;
        var histogram = new long[SessionsRunner.Buckets.Length];
        foreach (var p in partials)
        {
            sessions += p.Sessions;
            users += p.Users;
            events += p.Events;
            total += p.TotalDurationMicros;
            bounces += p.Bounces;
            for (var i = 0; i < histogram.Length; i++) histogram[i] += p.Histogram[i];
        }
        var median = OrderStatistics.Median(partials.Select(p => (ReadOnlyMemory<long>)p.Durations.AsMemory(0, p.DurationCount)).ToArray(), scope.Threads);
        foreach (var p in partials) p.Release();
        return new SessionsResult(definition, sessions, users, events, total, median, bounces, SessionsRunner.Shape(histogram));
    }
}
