using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Analytics.Sessions;

/// <summary>The <see cref="Engine.Kernels"/> version of sessions: <see cref="SessionsKernel"/> folded over user ranges by each worker, merged exactly.</summary>
internal static class SessionsKernels
{
    /// <summary>Histogram floors in µs of buckets 2.. (bucket 0 is exactly 0 s, bucket 1 is (0, first floor)).</summary>
    private static readonly SessionBuckets Buckets = new(SessionsRunner.Buckets.Skip(2).Select(b => (long)(b.Min * 1e6)).ToArray());

    public static SessionsResult Run(QueryScope scope, SessionsDefinition definition)
    {
        var table = scope.Table;
        var path = Simd.Path;
        var timeout = definition.TimeoutMicros;
        // Sessions are rarely more than a quarter of the events; a worker's buffer sized for its share then never grows.
        var expected = table.EventCount / Math.Max(1, scope.Threads) / 4;
        var workers = UserParallel.Fold(table.Offsets, scope.Threads, () => new SessionsAccumulator(Buckets.Count, expected),
            (into, start, end) => SessionsKernel.Run(into, table.Times, table.Offsets, start, end, scope.FromMicros, scope.ToMicrosExclusive,
                timeout, Buckets, path));
        foreach (var w in workers) Buckets.Finish(w);
        try
        {
            long sessions = 0, users = 0, events = 0, total = 0, bounces = 0;
            var histogram = new long[SessionsRunner.Buckets.Length];
            foreach (var w in workers)
            {
                sessions += w.Sessions;
                users += w.Users;
                events += w.Events;
                total += w.TotalDurationMicros;
                bounces += w.Bounces;
                for (var i = 0; i < histogram.Length; i++) histogram[i] += w.Histogram[i];
            }
            var median = OrderStatistics.Median(workers.Select(w => w.DurationValues).ToArray(), workers.Select(w => w.DurationHistogram).ToArray(), scope.Threads);
            return new SessionsResult(definition, sessions, users, events, total, median, bounces, SessionsRunner.Shape(histogram));
        }
        finally
        {
            foreach (var w in workers) w.Dispose();
        }
    }
}
