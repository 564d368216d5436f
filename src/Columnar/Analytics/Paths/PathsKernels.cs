using Columnar.Kernels;
using Columnar.Query;

namespace Columnar.Analytics.Paths;

/// <summary>The <see cref="Engine.Kernels"/> paths: <see cref="PathsKernel"/> over user ranges in parallel, merged exactly in range order.</summary>
internal static class PathsKernels
{
    /// <summary>Per-thread dense counters by event code, reset after each range.</summary>
    private sealed class Scratch
    {
        [ThreadStatic] private static Scratch? _current;
        public long[] Transitions = [];
        public long[] Users = [];
        public int[] LastUser = [];

        public static Scratch For(int codes)
        {
            var s = _current ??= new Scratch();
            if (s.Transitions.Length < codes)
            {
                s.Transitions = new long[codes];
                s.Users = new long[codes];
                s.LastUser = new int[codes];
                Array.Fill(s.LastUser, -1);
            }
            return s;
        }
    }

    /// <summary>One range's counts: the codes with transitions and their totals.</summary>
    private sealed record Partial((short Code, long Transitions, long Users)[] Edges, long AnchorEvents, long AnchorUsers);

    public static PathCounts Run(QueryScope scope, PathsDefinition definition, int threads, int? width = null)
    {
        var simd = width ?? PathsKernel.DefaultWidth;
        // Row filters and user sets reach the kernel as a subset table with the same users and dictionaries.
        using var subset = scope.Filters.Count > 0 || scope.Users is not null ? scope.Table.Subset(scope.Mask, scope.Users) : null;
        var table = subset ?? scope.Table;
        var anchor = table.EventCode(definition.Event);
        if (anchor < 0) return new PathCounts([], 0, 0);
        var next = definition.Direction == PathDirection.Next;
        var maxGap = definition.SessionTimeoutMicros ?? long.MaxValue;
        var from = scope.FromMicros ?? long.MinValue;
        var to = scope.ToMicrosExclusive ?? long.MaxValue;
        var codeCount = table.EventNames.Count;

        var partials = UserParallel.Map(table.Offsets, threads, (userStart, userEnd) =>
        {
            var s = Scratch.For(codeCount);
            long anchorEvents = 0, anchorUsers = 0;
            PathsKernel.Count(table.Offsets, table.Times, table.EventCodes, userStart, userEnd, (short)anchor, next,
                maxGap, from, to, s.Transitions.AsSpan(0, codeCount), s.Users.AsSpan(0, codeCount), s.LastUser.AsSpan(0, codeCount),
                ref anchorEvents, ref anchorUsers, simd);
            var edges = new List<(short, long, long)>();
            for (var c = 0; c < codeCount; c++)
            {
                if (s.Transitions[c] == 0) continue;
                edges.Add(((short)c, s.Transitions[c], s.Users[c]));
                s.Transitions[c] = 0;
                s.Users[c] = 0;
                s.LastUser[c] = -1;
            }
            return new Partial(edges.ToArray(), anchorEvents, anchorUsers);
        });

        var transitions = new long[codeCount];
        var users = new long[codeCount];
        long events = 0, anchorUsersTotal = 0;
        foreach (var p in partials)
        {
            events += p.AnchorEvents;
            anchorUsersTotal += p.AnchorUsers;
            foreach (var (code, n, u) in p.Edges)
            {
                transitions[code] += n;
                users[code] += u;
            }
        }
        var result = new List<PathCount>();
        for (var c = 0; c < codeCount; c++)
            if (transitions[c] > 0) result.Add(new PathCount(table.EventNames[c], transitions[c], users[c]));
        return new PathCounts(result, events, anchorUsersTotal);
    }
}
