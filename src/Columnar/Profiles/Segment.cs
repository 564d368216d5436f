using Columnar.Kernels;
using Columnar.Query;
using Columnar.Storage;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>
/// A boolean expression over tags and behavioural conditions, written fluently or as text (see <see cref="Parse"/>).
/// Evaluate it against a <see cref="TagStore"/> (tags and behaviours) or cold against a query (behaviours only).
/// </summary>
public sealed class Segment
{
    internal Segment(SegmentNode node) => Node = node;

    internal SegmentNode Node { get; }

    /// <summary>Every user in scope.</summary>
    public static Segment All { get; } = new(new AllNode(-1));

    /// <summary>
    /// Parses the segment grammar: atoms <c>tag=value</c>, <c>tag</c> (any value), <c>did(E, …)</c>, <c>didnot(E, …)</c> and
    /// <c>all</c>; operators <c>&amp;</c>, <c>-</c> (and-not) and <c>|</c>, where <c>&amp;</c> and <c>-</c> share one level,
    /// bind tighter than <c>|</c> and associate to the left; parentheses group.
    /// </summary>
    /// <exception cref="ColumnarException">PRO0001 naming the 1-based position of the error.</exception>
    public static Segment Parse(string text) => new(SegmentParser.Parse(text));

    /// <summary>Users whose tag <paramref name="tag"/> has <paramref name="value"/>, or any value when null.</summary>
    public static Segment Tag(string tag, string? value = null) => new(new TagNode(tag, value, -1));

    /// <summary>Users for whom <paramref name="behavior"/> holds.</summary>
    public static Segment Did(Behavior behavior) => new(new BehaviorNode(behavior, false, -1));

    /// <summary>Users in scope for whom <paramref name="behavior"/> does not hold.</summary>
    public static Segment DidNot(Behavior behavior) => new(new BehaviorNode(behavior, true, -1));

    /// <summary>Users in both segments.</summary>
    /// <exception cref="ColumnarException">PRO0001 when the expression would nest deeper than 512 levels.</exception>
    public Segment And(Segment other) => new(ChainNode.Of(Node, '&', other.Node));

    /// <summary>Users in either segment.</summary>
    /// <exception cref="ColumnarException">PRO0001 when the expression would nest deeper than 512 levels.</exception>
    public Segment Or(Segment other) => new(ChainNode.Of(Node, '|', other.Node));

    /// <summary>Users in this segment and not in <paramref name="other"/>.</summary>
    /// <exception cref="ColumnarException">PRO0001 when the expression would nest deeper than 512 levels.</exception>
    public Segment Except(Segment other) => new(ChainNode.Of(Node, '-', other.Node));

    /// <summary>See <see cref="And"/>.</summary>
    public static Segment operator &(Segment left, Segment right) => left.And(right);

    /// <summary>See <see cref="Or"/>.</summary>
    public static Segment operator |(Segment left, Segment right) => left.Or(right);

    /// <summary>See <see cref="Except"/>.</summary>
    public static Segment operator -(Segment left, Segment right) => left.Except(right);

    /// <summary>The users of the segment: tag atoms read <paramref name="store"/>'s bitmaps, behaviours are evaluated as of the store's as-of.</summary>
    /// <exception cref="ColumnarException">PRO0002 for a tag or value the store does not hold.</exception>
    public UserSet Evaluate(TagStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Eval(Node, store.Context, store);
    }

    /// <summary>
    /// The users of a segment of behaviours only, computed cold from the events of <paramref name="query"/> (its date and user filters apply),
    /// as of <paramref name="asOf"/> (default: the last event in scope).
    /// </summary>
    /// <exception cref="ColumnarException">PRO0002 when the segment names a tag (tags need a <see cref="TagStore"/>).</exception>
    public UserSet Evaluate(EventQuery query, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Eval(Node, ProfileContext.Create(query, asOf), null);
    }

    /// <summary>
    /// Atoms that are valid but can only match nobody, which usually means a typo: a tag value no user of
    /// <paramref name="store"/> has (for example <c>rfm=important-value</c>) and event names that never occur in its table.
    /// Empty when every atom names something present. Unknown tag names are errors at evaluation instead (PRO0002).
    /// </summary>
    public IReadOnlyList<string> Warnings(TagStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var warnings = new List<string>();
        var tags = store.Tags.ToHashSet(StringComparer.Ordinal);
        foreach (var leaf in Leaves())
        {
            if (leaf is TagNode { Value: { } value } t && tags.Contains(t.Tag) && !store.Values(t.Tag).Contains(value))
            {
                var known = store.Values(t.Tag);
                warnings.Add($"tag '{t.Tag}' has no user with value '{value}'" + (known.Count == 0 ? "" :
                    $" (its values: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", …" : "")})"));
            }
            else if (leaf is BehaviorNode n)
                foreach (var name in EventNamesOf(n))
                    if (store.Table.EventCode(name) < 0) warnings.Add($"event '{name}' does not occur in the data");
        }
        return warnings.Distinct().ToArray();
    }

    /// <summary>The expression's atoms in text order, walked with an explicit stack (chains may hold thousands of terms).</summary>
    private IEnumerable<SegmentNode> Leaves()
    {
        var pending = new Stack<SegmentNode>();
        pending.Push(Node);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is ChainNode c)
            {
                for (var i = c.Rest.Count - 1; i >= 0; i--) pending.Push(c.Rest[i].Term);
                pending.Push(c.First);
            }
            else yield return node;
        }
    }

    /// <summary>The event names the expression's behavioural atoms name (without <c>any</c>), in text order.</summary>
    internal IEnumerable<string> EventNames() => Leaves().OfType<BehaviorNode>().SelectMany(EventNamesOf);

    private static IEnumerable<string> EventNamesOf(BehaviorNode n) =>
        new[] { n.Behavior.Event, n.Behavior.Then, n.Behavior.ThenNot }.Where(name => name is not null && name != "any").Select(name => name!);

    /// <summary>The number of users of the segment in <paramref name="store"/>.</summary>
    public long Count(TagStore store)
    {
        using var set = Evaluate(store);
        return set.Count;
    }

    /// <summary>The expression in the text grammar, parenthesised where precedence requires.</summary>
    public override string ToString() => Format(Node, 0);

    private static string Format(SegmentNode node, int parentLevel) => node switch
    {
        AllNode => "all",
        TagNode t => t.Value is null ? SegmentText.Value(t.Tag) : $"{SegmentText.Value(t.Tag)}={SegmentText.Value(t.Value)}",
        BehaviorNode b => b.Behavior.Format(b.Negated ? "didnot" : "did"),
        ChainNode { IsOr: true } o => Wrap(Chain(o, 1), parentLevel > 1),
        ChainNode o => Wrap(Chain(o, 2), parentLevel > 2),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A chain of level 1 (or) or 2 (and): the first term at its own level, the later ones one level tighter.</summary>
    private static string Chain(ChainNode c, int level)
    {
        var sb = new System.Text.StringBuilder(Format(c.First, level));
        foreach (var (op, term) in c.Rest) sb.Append(' ').Append(op).Append(' ').Append(Format(term, level + 1));
        return sb.ToString();
    }

    private static string Wrap(string s, bool parens) => parens ? $"({s})" : s;

    private static UserSet Eval(SegmentNode node, ProfileContext ctx, TagStore? store)
    {
        switch (node)
        {
            case AllNode: return Population(ctx);
            case TagNode t:
                if (store is null)
                    throw new ColumnarException(ErrorCodes.UnknownTag, $"tag atom '{Format(t, 0)}' needs a tag store; cold evaluation takes did(…)/didnot(…) only");
                return store.Users(t.Tag, t.Value);
            case BehaviorNode b: return Behaviors(ctx, b.Behavior, b.Negated);
            case ChainNode c:
                // Folds the terms into the first term's set in place; every Eval result is owned by its caller.
                var acc = Eval(c.First, ctx, store);
                try
                {
                    foreach (var (op, term) in c.Rest)
                    {
                        using var right = Eval(term, ctx, store);
                        switch (op)
                        {
                            case '&': acc.Bitmap.IAnd(right.Bitmap); break;
                            case '|': acc.Bitmap.IOr(right.Bitmap); break;
                            default: acc.Bitmap.IAndNot(right.Bitmap); break;
                        }
                    }
                    return acc;
                }
                catch
                {
                    acc.Dispose();
                    throw;
                }
            default: throw new InvalidOperationException();
        }
    }

    /// <summary>The users in scope: every user, or the scope's user filter.</summary>
    internal static UserSet Population(ProfileContext ctx) =>
        ctx.Users is { } u ? new UserSet(ctx.Table, u.Bitmap.Clone()) : UserSet.All(ctx.Table);

    /// <summary>
    /// The users in scope for whom <paramref name="behavior"/> holds (or, when <paramref name="negated"/>, does not). A plain
    /// count in a window is one parallel pass of <see cref="WindowCounts"/> over the code column (a count of 0 is the
    /// complement of a count past max); other behaviours run the per-user probe. Either way the users land in one sorted
    /// buffer that fills the bitmap in bulk.
    /// </summary>
    internal static UserSet Behaviors(ProfileContext ctx, Behavior behavior, bool negated = false)
    {
        var probe = new BehaviorProbe(ctx, behavior);
        var table = ctx.Table;
        if (!probe.IsWindowCount)
        {
            var did = Select(table, (start, end, users) =>
            {
                var n = 0;
                for (var u = start; u < end; u++)
                    if (ctx.InScope(u) && probe.Matches(u)) users[n++] = (uint)u;
                return n;
            });
            return negated ? Complement(ctx, did) : new UserSet(table, did);
        }
        if (probe.Min == 0 && probe.Max == int.MaxValue) return negated ? UserSet.Empty(table) : Population(ctx);
        // min ≥ 1: the users counted into [min, max]; min = 0: the complement of those counted past max.
        var complement = probe.Min == 0;
        var (min, max) = complement ? (probe.Max + 1, int.MaxValue) : (probe.Min, probe.Max);
        var path = Simd.Path;
        int Count(int start, int end, Span<uint> users) => WindowCounts.Select(table.Offsets, table.EventCodes, table.Times, start, end,
            probe.EventCode, probe.WindowLo, probe.WindowHi, min, max, users, path);
        Roaring32Bitmap counted;
        if (probe.NoEvent) counted = new Roaring32Bitmap();
        else if (ctx.Users is { } few && few.Count * 64 < table.UserCount)
        {
            // A small user filter: count its users one by one rather than scan every row.
            var users = few.ToArray();
            var room = new uint[1];
            var found = new List<uint>();
            foreach (var u in users)
                if (Count(u, u + 1, room) == 1) found.Add(room[0]);
            counted = new Roaring32Bitmap(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(found));
        }
        else counted = Select(table, Count);
        if (complement != negated) return Complement(ctx, counted);
        if (ctx.Users is { } scope) counted.IAnd(scope.Bitmap);
        return new UserSet(table, counted);
    }

    /// <summary>The users in scope that are not in <paramref name="users"/> (which it frees).</summary>
    private static UserSet Complement(ProfileContext ctx, Roaring32Bitmap users)
    {
        using (users)
        {
            var all = Population(ctx);
            all.Bitmap.IAndNot(users);
            return all;
        }
    }

    /// <summary>
    /// Runs <paramref name="range"/>(userStart, userEnd, room) over contiguous user ranges on every worker: each writes its
    /// users in ascending order to its own slice of one pooled buffer (at the range's first user, so slices never overlap) and
    /// returns how many; the slices are then closed up in range order and added to the bitmap with one call.
    /// </summary>
    private static Roaring32Bitmap Select(EventTable table, Func<int, int, Span<uint>, int> range)
    {
        var buffer = System.Buffers.ArrayPool<uint>.Shared.Rent(Math.Max(1, table.UserCount));
        try
        {
            var parts = UserParallel.Map(table.Offsets, UserParallel.DefaultThreads, (start, end) => (start, range(start, end, buffer.AsSpan(start, end - start))));
            var total = 0;
            foreach (var (start, n) in parts)
            {
                if (start != total) Array.Copy(buffer, start, buffer, total, n);
                total += n;
            }
            var bitmap = new Roaring32Bitmap(buffer.AsSpan(0, total));
            bitmap.Optimize();
            return bitmap;
        }
        finally
        {
            System.Buffers.ArrayPool<uint>.Shared.Return(buffer);
        }
    }

    /// <summary>Per-user evaluation of a rule of behaviours only (rule and layered tags).</summary>
    internal static Func<int, bool> CompileRule(SegmentNode node, ProfileContext ctx, string tagName)
    {
        switch (node)
        {
            case AllNode: return _ => true;
            case TagNode t:
                throw new ColumnarException(ErrorCodes.BadTagDefinition, $"tag '{tagName}': rules take did(…)/didnot(…)/all only, not the tag atom '{Format(t, 0)}'");
            case BehaviorNode b:
                var probe = new BehaviorProbe(ctx, b.Behavior);
                return b.Negated ? u => !probe.Matches(u) : probe.Matches;
            case ChainNode c:
                var first = CompileRule(c.First, ctx, tagName);
                var ops = c.Rest.Select(t => t.Op).ToArray();
                var terms = c.Rest.Select(t => CompileRule(t.Term, ctx, tagName)).ToArray();
                return u =>
                {
                    var v = first(u);
                    for (var i = 0; i < terms.Length; i++)
                        v = ops[i] switch { '&' => v && terms[i](u), '|' => v || terms[i](u), _ => v && !terms[i](u) };
                    return v;
                };
            default: throw new InvalidOperationException();
        }
    }
}
