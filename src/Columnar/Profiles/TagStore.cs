using System.Globalization;
using System.Text;
using Columnar.Analytics;
using Columnar.Kernels;
using Columnar.Query;
using Columnar.Storage;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>A tag value and the users holding it.</summary>
/// <param name="Value">The value.</param>
/// <param name="Users">Users with the value.</param>
/// <param name="Share">Users over the population in [0,1].</param>
public sealed record TagValueCount(string Value, long Users, double Share);

/// <summary>A tag's coverage: the users with any value, over the population, and the count of each value.</summary>
/// <param name="Tag">The tag name.</param>
/// <param name="Kind">The kind of tag.</param>
/// <param name="Users">Users with at least one value.</param>
/// <param name="Coverage">Users over the population in [0,1].</param>
/// <param name="Values">Each value's count, in the tag's value order.</param>
public sealed record TagCoverage(string Tag, TagKind Kind, long Users, double Coverage, IReadOnlyList<TagValueCount> Values);

/// <summary>One (tag, value) pair of a user's profile.</summary>
/// <param name="Tag">The tag name.</param>
/// <param name="Value">The value.</param>
public sealed record TagValue(string Tag, string Value);

/// <summary>
/// All tags of the users in a query's scope, as of one instant: one Roaring bitmap per tag value, computed in one parallel
/// pass over the users. Segments read it; <see cref="Snapshot"/> saves it keyed by original id.
/// </summary>
public sealed class TagStore : IDisposable
{
    private readonly List<(string Tag, TagKind Kind, List<(string Value, UserSet Users)> Values)> _tags;
    private readonly UserSet _population;

    private TagStore(ProfileContext ctx, List<(string, TagKind, List<(string, UserSet)>)> tags, IReadOnlyList<string> notes)
    {
        Context = ctx;
        _tags = tags;
        Notes = notes;
        _population = Profiles.Segment.Population(ctx).AsShared();
    }

    internal ProfileContext Context { get; }

    /// <summary>The table the tags describe.</summary>
    public EventTable Table => Context.Table;

    /// <summary>The as-of instant (inclusive; UTC): events after it are ignored, and "within D" means (AsOf − D, AsOf].</summary>
    public DateTimeOffset AsOf => DateTimeOffset.UnixEpoch.AddTicks(Context.AsOf * 10);

    /// <summary>The IANA time zone of local days and periods.</summary>
    public string TimeZone => Context.ZoneId;

    /// <summary>Tags skipped or degraded because the dataset lacks a role or property, and join notes.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>The tag names, in definition order.</summary>
    public IReadOnlyList<string> Tags => _tags.Select(t => t.Tag).ToArray();

    /// <summary>The users the tags were computed for (every user, or the query's user filter). The store's own set, valid while the
    /// store is: disposing it does nothing, so <c>using</c> it is harmless.</summary>
    public UserSet Population => _population;

    /// <summary>
    /// Computes <paramref name="definitions"/> for the users of <paramref name="query"/> (its date and user filters apply) as of
    /// <paramref name="asOf"/> (default: the last event in scope).
    /// </summary>
    /// <exception cref="ColumnarException">PRO0003 for duplicate tag names; the definitions' own errors.</exception>
    public static TagStore Build(EventQuery query, IEnumerable<TagDefinition> definitions, DateTimeOffset? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(definitions);
        var ctx = ProfileContext.Create(query, asOf);
        var notes = new List<string>();
        var computers = new List<TagComputer>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in definitions)
        {
            if (!names.Add(d.Name)) throw new ColumnarException(ErrorCodes.BadTagDefinition, $"tag '{d.Name}' is defined twice");
            if (d.Create(ctx, notes) is { } c) computers.Add(c);
        }
        var parts = UserParallel.Map(ctx.Table.Offsets, UserParallel.DefaultThreads, (start, end) =>
        {
            var states = computers.Select(c => c.NewState()).ToArray();
            for (var u = start; u < end; u++)
            {
                if (!ctx.InScope(u)) continue;
                for (var i = 0; i < computers.Count; i++) computers[i].Visit(states[i], u);
            }
            return states;
        });
        var tags = computers.Select((c, i) => (c.Name, c.Kind,
            c.Finish(parts.Select(p => p[i]).ToArray()).Select(v => (v.Value, new UserSet(ctx.Table, v.Users))).ToList())).ToList();
        return new TagStore(ctx, tags, notes);
    }

    /// <summary>Builds the <see cref="TagDefinition.Defaults"/> of the query's table.</summary>
    public static TagStore BuildDefaults(EventQuery query, DateTimeOffset? asOf = null) => Build(query, TagDefinition.Defaults(query.Table), asOf);

    /// <summary>The values of <paramref name="tag"/> in its value order.</summary>
    /// <exception cref="ColumnarException">PRO0002 for an unknown tag.</exception>
    public IReadOnlyList<string> Values(string tag) => Find(tag).Values.Select(v => v.Value).ToArray();

    /// <summary>The users whose <paramref name="tag"/> has <paramref name="value"/> (a new set), or any value when null.
    /// A known tag with a value no user has gives the empty set.</summary>
    /// <exception cref="ColumnarException">PRO0002 for an unknown tag.</exception>
    public UserSet Users(string tag, string? value = null)
    {
        var t = Find(tag);
        if (value is null)
        {
            var any = new Roaring32Bitmap();
            foreach (var v in t.Values) any.IOr(v.Users.Bitmap);
            return new UserSet(Table, any);
        }
        foreach (var v in t.Values)
            if (v.Value == value) return new UserSet(Table, v.Users.Bitmap.Clone());
        return UserSet.Empty(Table);
    }

    /// <summary>The tags of the user with original id <paramref name="userId"/> (as text), in tag order; empty for an unknown id.</summary>
    public IReadOnlyList<TagValue> Profile(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (!UserIdIndex.For(Table).TryFind(userId, out var u)) return [];
        return _tags.SelectMany(t => t.Values.Where(v => v.Users.Contains(u)).Select(v => new TagValue(t.Tag, v.Value))).ToArray();
    }

    /// <summary>The tags of the user with integer original id <paramref name="userId"/>.</summary>
    public IReadOnlyList<TagValue> Profile(long userId) => Profile(userId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Each tag's coverage and value counts over the <see cref="Population"/>.</summary>
    public IReadOnlyList<TagCoverage> Coverage()
    {
        var n = Math.Max(1, _population.Count);
        return _tags.Select(t =>
        {
            using var any = Users(t.Tag);
            return new TagCoverage(t.Tag, t.Kind, any.Count, (double)any.Count / n,
                t.Values.Select(v => new TagValueCount(v.Value, v.Users.Count, (double)v.Users.Count / n)).ToArray());
        }).ToArray();
    }

    /// <summary>The users of a segment written in the text grammar.</summary>
    public UserSet Segment(string expression) => Profiles.Segment.Parse(expression).Evaluate(this);

    /// <summary>
    /// Compares <paramref name="segment"/> with the population for every tag value: the share in the segment
    /// (|segment ∩ value| / |segment|), the share overall (|value| / |population|) and TGI = 100 × the ratio.
    /// </summary>
    public SegmentComparison Compare(UserSet segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        using var inScope = segment.And(_population);
        var rows = new List<SegmentComparisonRow>();
        foreach (var (tag, _, values) in _tags)
            foreach (var (value, users) in values)
                rows.Add(SegmentComparisonRow.Create(tag, value, inScope.AndCount(users), inScope.Count, users.Count, _population.Count));
        return new SegmentComparison(inScope.Count, _population.Count, rows);
    }

    /// <summary>The tags keyed by original id, with the as-of instant, for saving and diffing.</summary>
    public TagSnapshot Snapshot() => TagSnapshot.From(this, _tags.Select(t => (t.Tag, t.Values.Select(v => (v.Value, v.Users)).ToArray())).ToArray());

    /// <summary>Tags with more values than this print only the largest ones in <see cref="ToString"/>.</summary>
    public const int MaxPrintedValues = 20;

    /// <summary>The coverage table and the notes (tags with many values show the <see cref="MaxPrintedValues"/> largest).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"tags of {_population.Count.ToString("N0", CultureInfo.InvariantCulture)} users as of {AsOf:yyyy-MM-dd'T'HH:mm:ss'Z'} ({TimeZone})");
        foreach (var note in Notes) sb.AppendLine("note: " + note);
        var t = new TextTable("tag", "kind", "value", "users", "share").Right(3, 4);
        foreach (var c in Coverage())
        {
            t.Add(c.Tag, c.Kind.ToString().ToLowerInvariant(), "(any)", c.Users, TextTable.Percent(c.Coverage));
            var shown = c.Values.Count <= MaxPrintedValues ? c.Values : c.Values.OrderByDescending(v => v.Users).Take(MaxPrintedValues).ToArray();
            foreach (var v in shown) t.Add("", "", v.Value, v.Users, TextTable.Percent(v.Share));
            if (shown.Count < c.Values.Count) t.Add("", "", $"({c.Values.Count - shown.Count:N0} more values)", "", "");
        }
        sb.Append(t);
        return sb.ToString();
    }

    /// <summary>Frees the native bitmaps.</summary>
    public void Dispose()
    {
        foreach (var t in _tags)
            foreach (var v in t.Values) v.Users.Dispose();
        _population.Free();
    }

    private (string Tag, TagKind Kind, List<(string Value, UserSet Users)> Values) Find(string tag)
    {
        foreach (var t in _tags)
            if (t.Tag == tag) return t;
        throw new ColumnarException(ErrorCodes.UnknownTag, $"no tag '{tag}' (tags: {string.Join(", ", _tags.Select(x => x.Tag))})");
    }
}
