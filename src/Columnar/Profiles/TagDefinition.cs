using Columnar.Analytics;
using Columnar.Storage;

namespace Columnar.Profiles;

/// <summary>The kinds of tag.</summary>
public enum TagKind
{
    /// <summary>A behavioural rule; its one value is <c>true</c>.</summary>
    Rule,
    /// <summary>Ordered rules, the first match wins (for example activity high/medium/low/dormant).</summary>
    Layered,
    /// <summary>A column of a user table joined by original id, numeric columns optionally bucketed.</summary>
    Attribute,
    /// <summary>The top-K values of a property by weighted actions; multi-valued.</summary>
    Interest,
    /// <summary>Computed by an analysis: RFM segment, lifecycle stage, funnel drop-off step.</summary>
    Computed,
}

/// <summary>Weights per event role for interest tags (the preset's view, fav, cart and purchase events).</summary>
/// <param name="View">Weight of a view (default 1).</param>
/// <param name="Fav">Weight of a favourite (default 2).</param>
/// <param name="Cart">Weight of an add-to-cart (default 3).</param>
/// <param name="Purchase">Weight of a purchase (default 5).</param>
public sealed record InterestWeights(double View = 1, double Fav = 2, double Cart = 3, double Purchase = 5)
{
    /// <summary>view 1, fav 2, cart 3, purchase 5.</summary>
    public static InterestWeights Default { get; } = new();
}

/// <summary>
/// The definition of one tag. Build with the static factories; a <see cref="TagStore"/> computes all definitions in one pass
/// per user. A definition that needs what the dataset lacks (a role, a property) is skipped with a note.
/// </summary>
public sealed class TagDefinition
{
    /// <summary>The single value of a rule tag.</summary>
    public const string RuleValue = "true";

    private readonly Func<ProfileContext, List<string>, TagComputer?> _create;

    private TagDefinition(string name, TagKind kind, string description, Func<ProfileContext, List<string>, TagComputer?> create)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.All(SegmentText.IsNameChar) || name is "did" or "didnot" or "all")
            throw new ColumnarException(ErrorCodes.BadTagDefinition, $"invalid tag name '{name}' (letters, digits, _ . : /; not did, didnot or all)");
        Name = name;
        Kind = kind;
        Description = description;
        _create = create;
    }

    /// <summary>The tag name, used in segments as <c>name=value</c>.</summary>
    public string Name { get; }

    /// <summary>The kind of tag.</summary>
    public TagKind Kind { get; }

    /// <summary>A readable description (the rule text, the property, the file).</summary>
    public string Description { get; }

    internal TagComputer? Create(ProfileContext ctx, List<string> notes) => _create(ctx, notes);

    /// <summary>A rule tag: value <c>true</c> for users the behavioural <paramref name="rule"/> holds for (no tag atoms in rules).</summary>
    public static TagDefinition Rule(string name, Segment rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return new(name, TagKind.Rule, rule.ToString(), (ctx, notes) =>
        {
            NoteMissingEvents(name, [rule], ctx, notes);
            return new RuleComputer(name, Segment.CompileRule(rule.Node, ctx, name));
        });
    }

    /// <summary>A rule tag from rule text, for example <c>did(buy)</c>.</summary>
    public static TagDefinition Rule(string name, string rule) => Rule(name, Segment.Parse(rule));

    /// <summary>A layered tag: each user gets the value of the first level whose rule holds, or none.</summary>
    public static TagDefinition Layered(string name, params (string Value, Segment Rule)[] levels)
    {
        if (levels is null || levels.Length == 0) throw new ColumnarException(ErrorCodes.BadTagDefinition, $"layered tag '{name}' needs at least one level");
        var copy = levels.ToArray();
        return new(name, TagKind.Layered, string.Join("; ", copy.Select(l => $"{l.Value}: {l.Rule}")),
            (ctx, notes) =>
            {
                NoteMissingEvents(name, copy.Select(l => l.Rule), ctx, notes);
                return new LayeredComputer(name, copy.Select(l => (l.Value, Segment.CompileRule(l.Rule.Node, ctx, name))).ToArray());
            });
    }

    /// <summary>A note per event a rule names that the data lacks: the rule still runs (did(x) holds for no one, not did(x)
    /// for everyone), but a misspelt event name should not pass unremarked.</summary>
    private static void NoteMissingEvents(string name, IEnumerable<Segment> rules, ProfileContext ctx, List<string> notes)
    {
        foreach (var e in rules.SelectMany(r => r.EventNames()).Distinct(StringComparer.Ordinal))
            if (ctx.Table.EventCode(e) < 0) notes.Add($"tag '{name}': the event '{e}' does not occur in the data");
    }

    /// <summary>
    /// Interest: each user's top <paramref name="top"/> values of <paramref name="property"/> by the sum of role weights over
    /// their events (within <paramref name="within"/> of as-of when given). Roles the table lacks are ignored with a note; without
    /// any weighted role, or without the property, the tag is skipped with a note.
    /// </summary>
    public static TagDefinition Interest(string name, string property, int top = 3, InterestWeights? weights = null, TimeSpan? within = null)
    {
        if (top < 1) throw new ColumnarException(ErrorCodes.BadTagDefinition, $"interest tag '{name}': top must be ≥ 1");
        var w = weights ?? InterestWeights.Default;
        return new(name, TagKind.Interest, $"top {top} '{property}' by weighted actions (view {w.View}, fav {w.Fav}, cart {w.Cart}, purchase {w.Purchase})",
            (ctx, notes) =>
            {
                var column = ctx.Table.Property(property);
                if (column is null || column.Type is not (PropertyType.String or PropertyType.Int64))
                {
                    notes.Add($"tag '{name}' skipped: no text or integer property '{property}'");
                    return null;
                }
                var byCode = new double[ctx.Table.EventNames.Count];
                var roles = ctx.Table.Roles;
                var any = false;
                foreach (var (role, ev, weight) in new[] { ("view", roles.View, w.View), ("fav", roles.Fav, w.Fav), ("cart", roles.Cart, w.Cart), ("purchase", roles.Purchase, w.Purchase) })
                {
                    if (weight == 0) continue;
                    var code = ev is null ? -1 : ctx.Table.EventCode(ev);
                    if (code < 0)
                    {
                        notes.Add($"tag '{name}': the dataset has no {role} role{(ev is null ? "" : $" event '{ev}'")}; its weight is ignored");
                        continue;
                    }
                    byCode[code] += weight;
                    any = true;
                }
                if (!any)
                {
                    notes.Add($"tag '{name}' skipped: the dataset has none of the view, fav, cart, purchase roles");
                    return null;
                }
                return new InterestComputer(name, ctx, column, byCode, top, within);
            });
    }

    /// <summary>The RFM segment key (DESIGN §4, for example <c>important_value</c>) of purchasers as of the store's as-of. Skipped without a purchase role.</summary>
    public static TagDefinition Rfm(string name = "rfm") =>
        new(name, TagKind.Computed, "RFM segment of purchasers (means of R, F, M; reference = local date of as-of + 1)", (ctx, notes) =>
        {
            var roles = ctx.Table.Roles;
            var code = roles.Purchase is null ? -1 : ctx.Table.EventCode(roles.Purchase);
            if (code < 0)
            {
                notes.Add($"tag '{name}' skipped: the dataset has no purchase events");
                return null;
            }
            var amount = roles.Amount is null ? null : ctx.Table.Property(roles.Amount);
            if (amount is not null && amount.Type is not (PropertyType.Decimal or PropertyType.Int64)) amount = null;
            var order = roles.Order is null ? null : ctx.Table.Property(roles.Order);
            if (order is not null && order.Type is not (PropertyType.String or PropertyType.Int64)) order = null;
            return new RfmComputer(name, ctx, code, amount, order);
        });

    /// <summary>The lifecycle stage (new, returning, resurrecting, dormant) for the <paramref name="period"/> containing as-of.</summary>
    public static TagDefinition Lifecycle(string name = "lifecycle", CalendarPeriod period = CalendarPeriod.Week) =>
        new(name, TagKind.Computed, $"lifecycle stage for the {period.ToString().ToLowerInvariant()} containing as-of",
            (ctx, _) => new LifecycleComputer(name, ctx, period));

    /// <summary>The funnel drop-off step: <c>dropped_after_k</c> (deepest step k &lt; n) or <c>completed</c>, with DESIGN §4 funnel semantics.</summary>
    public static TagDefinition FunnelDropOff(string name, IReadOnlyList<string> steps, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var copy = steps.ToArray();
        return new(name, TagKind.Computed, $"deepest step of the funnel {string.Join(" → ", copy)} within {SegmentText.Duration(window)}",
            (ctx, _) => new FunnelComputer(name, new FunnelDepth(ctx, copy, window)));
    }

    /// <summary>
    /// One attribute tag per column of a user table (CSV with a header, joined by original id on <paramref name="idColumn"/>).
    /// Columns in <paramref name="buckets"/> are numeric and bucketed by ascending bounds b0 &lt; b1 &lt; …: values
    /// <c>&lt;b0</c>, <c>[b0,b1)</c>, …, <c>&gt;=bn</c>. Users missing from the file, and empty cells, get no value.
    /// </summary>
    /// <exception cref="ColumnarException">PRO0006 naming the file, line and column of a bad row.</exception>
    public static IReadOnlyList<TagDefinition> Attributes(string path, IReadOnlyDictionary<string, double[]>? buckets = null, string idColumn = "user_id")
    {
        var table = UserAttributeTable.Read(path, idColumn, buckets ?? new Dictionary<string, double[]>());
        return table.Columns.Select(c => new TagDefinition(c, TagKind.Attribute, $"column '{c}' of {Path.GetFileName(path)}",
            (ctx, notes) =>
            {
                var (values, order, missing) = table.Join(ctx.Table, c);
                if (missing > 0 && c == table.Columns[0]) notes.Add($"{Path.GetFileName(path)}: {missing:N0} ids are not in the events table");
                return new FixedValueComputer(c, TagKind.Attribute, values, order);
            })).ToArray();
    }

    /// <summary>
    /// The default tag set, using the table's event roles: <c>activity</c> (active local days in the last 30 days: high ≥ 10,
    /// medium 3–9, low 1–2, dormant 0 with earlier activity), <c>rfm</c>, <c>interest_category</c> (top 3 of the first of
    /// category_id, category, category_code that exists), <c>lifecycle</c> (week), <c>buyer</c> (any purchase) and
    /// <c>cart_abandoner</c> (a cart in (asOf − 7 d, asOf] with no purchase at the same instant or later up to asOf).
    /// Tags whose roles the table lacks are skipped with a note when built.
    /// </summary>
    public static IReadOnlyList<TagDefinition> Defaults(EventTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var roles = table.Roles;
        var active = Behavior.Did(null).Days().InLast(TimeSpan.FromDays(30));
        var list = new List<TagDefinition>
        {
            Layered("activity",
                ("high", Segment.Did(active.AtLeast(10))),
                ("medium", Segment.Did(active.AtLeast(3))),
                ("low", Segment.Did(active.AtLeast(1))),
                ("dormant", Segment.Did(Behavior.Did(null)))),
            Rfm(),
        };
        var category = new[] { "category_id", "category", "category_code" }.FirstOrDefault(p => table.Property(p) is not null);
        list.Add(Interest("interest_category", category ?? "category", 3));
        list.Add(Lifecycle());
        list.Add(roles.Purchase is { } buy ? Rule("buyer", Segment.Did(Behavior.Did(buy))) : Skipped("buyer", "no purchase role"));
        list.Add(roles.Cart is { } cart && roles.Purchase is { } p2
            ? Rule("cart_abandoner", Segment.Did(Behavior.Did(cart).InLast(TimeSpan.FromDays(7)).NotFollowedBy(p2)))
            : Skipped("cart_abandoner", "no cart or purchase role"));
        return list;
    }

    private static TagDefinition Skipped(string name, string why) => new(name, TagKind.Rule, "skipped: " + why, (_, notes) =>
    {
        notes.Add($"tag '{name}' skipped: the dataset has {why}");
        return null;
    });
}
