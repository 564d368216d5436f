namespace Columnar.Kernels;

/// <summary>
/// Runs a per-user kernel over contiguous user ranges on several threads. The ranges are balanced by event count and
/// fixed by the data alone (never by the thread count), and partial results come back in range order, so a merge that is
/// exact (integer counts, decimal sums) gives identical results for any number of threads.
/// The kernels it runs are marked <c>AggressiveOptimization</c>: a query calls each only a few times, too few for tiered
/// compilation to replace its unoptimised first version before the query ends.
/// </summary>
internal static class UserParallel
{
    /// <summary>Target events per range: big enough to amortise scheduling, small enough to balance skewed users.</summary>
    public const int DefaultEventsPerRange = 1 << 16;

    private static readonly AsyncLocal<int?> ForcedEventsPerRange = new();

    /// <summary>The range size in effect: <see cref="DefaultEventsPerRange"/> unless <see cref="ForceEventsPerRange"/> set one.</summary>
    public static int EventsPerRange => ForcedEventsPerRange.Value ?? DefaultEventsPerRange;

    /// <summary>Uses ranges of about <paramref name="events"/> events in the current async flow until disposed, so tests on small
    /// tables still split them into many ranges (results must not change).</summary>
    public static IDisposable ForceEventsPerRange(int events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        var previous = ForcedEventsPerRange.Value;
        ForcedEventsPerRange.Value = events;
        return new Restore(() => ForcedEventsPerRange.Value = previous);
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    /// <summary>The number of worker threads: <c>COLUMNAR_THREADS</c> if set, else the processor count.</summary>
    public static int DefaultThreads { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("COLUMNAR_THREADS"), out var n) && n > 0 ? n : Environment.ProcessorCount;

    /// <summary>Splits users 0..U-1 (given the offset index, U+1 entries) into contiguous ranges of about <see cref="EventsPerRange"/> events.</summary>
    public static (int Start, int End)[] Ranges(ReadOnlySpan<int> offsets)
    {
        var users = offsets.Length - 1;
        if (users <= 0) return [];
        var ranges = new List<(int, int)>();
        var perRange = EventsPerRange;
        var start = 0;
        while (start < users)
        {
            // Binary search for the first user whose end offset passes the target, so a heavy user closes a range alone.
            var target = (long)offsets[start] + perRange;
            int lo = start + 1, hi = users;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (offsets[mid] >= target) hi = mid; else lo = mid + 1;
            }
            ranges.Add((start, lo));
            start = lo;
        }
        return ranges.ToArray();
    }

    /// <summary>
    /// Folds every range into per-worker states: each of up to <paramref name="threads"/> workers takes a state from
    /// <paramref name="create"/> and calls <paramref name="body"/>(state, userStart, userEnd) for the ranges it claims. Which
    /// worker gets which range varies from run to run, so only folds whose merge is exact and order-free (integer counts, sums,
    /// maxima, multisets of values) may use it; they then give identical results for any number of threads, with one state per
    /// worker instead of one partial per range.
    /// </summary>
    public static T[] Fold<T>(ReadOnlySpan<int> offsets, int threads, Func<T> create, Action<T, int, int> body)
    {
        var ranges = Ranges(offsets);
        var workers = Math.Max(1, Math.Min(threads, ranges.Length));
        var states = new T[workers];
        if (workers == 1)
        {
            states[0] = create();
            foreach (var (start, end) in ranges) body(states[0], start, end);
            return states;
        }
        var next = -1;
        var tasks = new Task[workers - 1];
        for (var w = 0; w < tasks.Length; w++)
        {
            var slot = w + 1;
            tasks[w] = Task.Run(() => Work(slot));
        }
        Work(0);
        Task.WaitAll(tasks);
        return states;

        void Work(int slot)
        {
            var state = states[slot] = create();
            int i;
            while ((i = Interlocked.Increment(ref next)) < ranges.Length) body(state, ranges[i].Start, ranges[i].End);
        }
    }

    /// <summary>
    /// Computes <paramref name="body"/>(userStart, userEnd) for every range on up to <paramref name="threads"/> threads and
    /// returns the partials in range order.
    /// </summary>
    public static T[] Map<T>(ReadOnlySpan<int> offsets, int threads, Func<int, int, T> body)
    {
        var ranges = Ranges(offsets);
        var results = new T[ranges.Length];
        if (threads <= 1 || ranges.Length <= 1)
        {
            for (var i = 0; i < ranges.Length; i++) results[i] = body(ranges[i].Start, ranges[i].End);
            return results;
        }
        // Workers claim ranges in turn; the calling thread is one of them and waits for the ranges, not the workers, so a call
        // never waits for a pool thread to start (on a busy machine that can take longer than the whole job): a worker that
        // starts late finds no range left and ends.
        var next = -1;
        var remaining = ranges.Length;
        Exception? error = null;
        var done = new ManualResetEventSlim(false);
        var workers = Math.Min(threads, ranges.Length);
        for (var w = 1; w < workers; w++) Task.Run(Work);
        Work();
        done.Wait();
        if (error is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        return results;

        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < ranges.Length)
            {
                try
                {
                    results[i] = body(ranges[i].Start, ranges[i].End);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref error, e, null);
                }
                if (Interlocked.Decrement(ref remaining) == 0) done.Set();
            }
        }
    }
}
