namespace Columnar.Kernels;

/// <summary>The sessions of one user range: exact integer totals, the histogram, and every duration (for the exact median).</summary>
internal sealed class SessionsPartial(int buckets)
{
    public long Sessions;
    public long Users;
    public long Events;
    public long TotalDurationMicros;
    public long Bounces;
    public readonly long[] Histogram = new long[buckets];
    public long MaxDurationMicros;

    /// <summary>The durations, in a buffer rented from the shared pool (no large-object garbage per range); see <see cref="Release"/>.</summary>
    public long[] Durations = [];
    public int DurationCount;

    public void AddDurations(ReadOnlySpan<long> durations)
    {
        if (DurationCount + durations.Length > Durations.Length)
        {
            var grown = System.Buffers.ArrayPool<long>.Shared.Rent(Math.Max(DurationCount + durations.Length, 2 * Durations.Length));
            Durations.AsSpan(0, DurationCount).CopyTo(grown);
            Release();
            Durations = grown;
        }
        durations.CopyTo(Durations.AsSpan(DurationCount));
        DurationCount += durations.Length;
    }

    /// <summary>Returns the durations buffer to the pool once merged.</summary>
    public void Release()
    {
        if (Durations.Length > 0) System.Buffers.ArrayPool<long>.Shared.Return(Durations);
        Durations = [];
    }
}

/// <summary>
/// Sessions over a user range: <see cref="SessionBoundaries"/> marks the starts, the set bits become a session offset index,
/// and <see cref="Segmented"/> reductions give each session's events (count) and duration (last − first time). Without a time
/// filter the range's rows are one run and user changes start sessions; with one, each user's scoped run is its own run.
/// </summary>
internal static class SessionsKernel
{
    /// <summary>Computes the sessions of users [<paramref name="userStart"/>, <paramref name="userEnd"/>).</summary>
    /// <param name="times">All rows' times (µs UTC).</param>
    /// <param name="users">All rows' users.</param>
    /// <param name="offsets">The user offset index.</param>
    /// <param name="userStart">The first user of the range.</param>
    /// <param name="userEnd">One past the last user of the range.</param>
    /// <param name="from">Inclusive lower time bound, or null.</param>
    /// <param name="to">Exclusive upper time bound, or null.</param>
    /// <param name="timeoutMicros">A gap strictly greater than this starts a session.</param>
    /// <param name="bucketFloors">Histogram: a duration of 0 goes to bucket 0, any other to 1 + the number of floors ≤ it (µs, ascending).</param>
    /// <param name="path">The SIMD path.</param>
    public static SessionsPartial Run(ReadOnlySpan<long> times, ReadOnlySpan<int> users, ReadOnlySpan<int> offsets, int userStart, int userEnd,
        long? from, long? to, long timeoutMicros, ReadOnlySpan<long> bucketFloors, SimdPath path)
    {
        var partial = new SessionsPartial(bucketFloors.Length + 2);
        int rowStart = offsets[userStart], rowEnd = offsets[userEnd];
        var scratch = Scratch.Rent(rowEnd - rowStart);
        if (from is null && to is null)
        {
            for (var u = userStart; u < userEnd; u++)
                if (offsets[u + 1] > offsets[u]) partial.Users++;
            AddRun(partial, times[rowStart..rowEnd], users[rowStart..rowEnd], timeoutMicros, bucketFloors, scratch, path);
            return partial;
        }
        for (var u = userStart; u < userEnd; u++)
        {
            var (lo, hi) = ScopedRuns.Of(times, offsets[u], offsets[u + 1], from, to);
            if (hi == lo) continue;
            partial.Users++;
            AddRun(partial, times[lo..hi], default, timeoutMicros, bucketFloors, scratch, path);
        }
        return partial;
    }

    private static void AddRun(SessionsPartial partial, ReadOnlySpan<long> times, ReadOnlySpan<int> users, long timeoutMicros,
        ReadOnlySpan<long> bucketFloors, Scratch scratch, SimdPath path)
    {
        var n = times.Length;
        if (n == 0) return;
        var bits = scratch.Bits.AsSpan(0, Bits.Words(n));
        SessionBoundaries.Mark(times, users, timeoutMicros, bits, path);
        var sessions = Bits.Indices(bits, 0, scratch.Starts);
        scratch.Starts[sessions] = n;
        var starts = scratch.Starts.AsSpan(0, sessions + 1);
        var events = scratch.Events.AsSpan(0, sessions);
        var durations = scratch.Durations.AsSpan(0, sessions);
        var first = scratch.First.AsSpan(0, sessions);
        Segmented.Count(starts, events);
        Segmented.Last(times, starts, durations);
        Segmented.First(times, starts, first);
        var histogram = partial.Histogram;
        long bounces = 0;
        for (var s = 0; s < sessions; s++)
        {
            var d = durations[s] -= first[s];
            bounces += events[s] == 1 ? 1 : 0;
            var bucket = 0;
            if (d != 0)
            {
                bucket = 1;
                foreach (var floor in bucketFloors) bucket += d >= floor ? 1 : 0;
            }
            histogram[bucket]++;
        }
        partial.Sessions += sessions;
        partial.Events += n;
        partial.Bounces += bounces;
        partial.TotalDurationMicros += Aggregation.Aggregate(durations, default(SumOperator), path);
        partial.MaxDurationMicros = Math.Max(partial.MaxDurationMicros, Aggregation.Aggregate(durations, default(MaxOperator), path));
        partial.AddDurations(durations);
    }

    /// <summary>Work buffers sized to a range's rows (a run never exceeds them), kept per thread and reused by later ranges.</summary>
    private sealed class Scratch(int rows)
    {
        [ThreadStatic] private static Scratch? _current;

        public static Scratch Rent(int rows) => _current is { } s && s.Starts.Length > rows ? s : _current = new Scratch(rows);

        public readonly ulong[] Bits = new ulong[Kernels.Bits.Words(rows)];
        public readonly int[] Starts = new int[rows + 1];
        public readonly long[] Events = new long[rows];
        public readonly long[] Durations = new long[rows];
        public readonly long[] First = new long[rows];
    }
}
