using Columnar.Storage;

namespace Columnar.Governance;

/// <summary>What happens when one anonymous id is linked to several user ids (a shared device).</summary>
public enum IdentityConflictRule
{
    /// <summary>The earliest link (by time, then table order) wins: all of the anonymous id's anonymous events go to that user, and the
    /// later links are ignored (rows carrying another user id still belong to that user).</summary>
    FirstLinkWins,
    /// <summary>The anonymous id is split: each of its anonymous events goes to the user of the latest link at or before it, and events
    /// before its first link go to the first linked user.</summary>
    Split,
}

/// <summary>
/// Identity stitching. Each row links two ids when both are present: the table's user column and a property. Either the user column
/// holds the anonymous (device) id and <see cref="UserIdProperty"/> the login id, or the user column holds the login id (the anonymous
/// id before login) and <see cref="AnonymousIdProperty"/> the anonymous id on identify events. The links build an identity graph
/// (union-find); every row then belongs to one canonical person: the user id of its component, else its anonymous id. Ids share one
/// namespace: equal text is the same id.
/// </summary>
public sealed record IdentityOptions
{
    /// <summary>A property holding the logged-in user id; the table's user column is then the anonymous id.</summary>
    public string? UserIdProperty { get; init; }

    /// <summary>A property holding the anonymous id; the table's user column is then the user id (or the anonymous id before login).</summary>
    public string? AnonymousIdProperty { get; init; }

    /// <summary>The events that may link ids; null means any row carrying both ids (a plan's identity events are used when this is null and a plan is given).</summary>
    public IReadOnlyList<string>? IdentifyEvents { get; init; }

    /// <summary>The rule for an anonymous id linked to several users (default <see cref="IdentityConflictRule.FirstLinkWins"/>).</summary>
    public IdentityConflictRule Conflict { get; init; } = IdentityConflictRule.FirstLinkWins;
}

/// <summary>What identity stitching did.</summary>
/// <param name="Ids">Distinct ids before stitching (table users and linked property values).</param>
/// <param name="Links">Rows that linked an anonymous id to a user id.</param>
/// <param name="LinkedAnonymousIds">Anonymous ids linked to at least one user.</param>
/// <param name="ConflictingAnonymousIds">Anonymous ids linked to two or more users, resolved by <paramref name="Rule"/>.</param>
/// <param name="UsersBefore">Distinct table users before stitching.</param>
/// <param name="Persons">Distinct persons after stitching.</param>
/// <param name="RowsReassigned">Rows whose person differs from their original table user.</param>
/// <param name="Rule">The conflict rule applied.</param>
public sealed record IdentityReport(long Ids, long Links, long LinkedAnonymousIds, long ConflictingAnonymousIds, long UsersBefore, long Persons,
    long RowsReassigned, IdentityConflictRule Rule);

internal static class IdentityStitcher
{
    private sealed class UnionFind
    {
        private readonly List<int> _parent = [];
        public int Add() { _parent.Add(_parent.Count); return _parent.Count - 1; }
        public int Find(int x)
        {
            while (_parent[x] != x) { _parent[x] = _parent[_parent[x]]; x = _parent[x]; }
            return x;
        }
        public void Union(int a, int b)
        {
            a = Find(a); b = Find(b);
            if (a != b) _parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }

    /// <summary>The person id of every row of <paramref name="table"/>.</summary>
    public static string[] Resolve(EventTable table, IdentityOptions options, IReadOnlyList<string>? planIdentityEvents, out IdentityReport report)
    {
        if ((options.UserIdProperty is null) == (options.AnonymousIdProperty is null))
            throw new ColumnarException(ErrorCodes.BadGovernanceOption, "identity stitching needs exactly one of the user-id and the anonymous-id property");
        var propName = options.UserIdProperty ?? options.AnonymousIdProperty!;
        var column = table.Property(propName) ?? throw new ColumnarException(ErrorCodes.BadGovernanceOption,
            $"the identity property '{propName}' is not a column (columns: {string.Join(", ", table.Properties.Select(p => p.Name))})");
        var values = new ColumnValues(column);
        var propIsUser = options.UserIdProperty is not null;
        var identifyEvents = options.IdentifyEvents ?? planIdentityEvents;
        HashSet<int>? linking = identifyEvents is null ? null : identifyEvents.Select(table.EventCode).Where(c => c >= 0).ToHashSet();

        var n = table.EventCount;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var uf = new UnionFind();
        int Node(string id)
        {
            if (ids.TryGetValue(id, out var x)) return x;
            x = uf.Add();
            ids[id] = x;
            names.Add(id);
            return x;
        }
        var userText = new string[table.UserCount];
        for (var u = 0; u < userText.Length; u++) userText[u] = table.GetUserIdText(u);
        var users = table.UserIndex;
        var codes = table.EventCodes;
        var times = table.Times;

        // Every row's own id: the property's value when it is the user id, else the table user.
        var own = new int[n];
        var anonOf = new int[n];
        var isUserNode = new HashSet<int>();
        var links = new List<(long Time, int Row, int Anon, int User)>();
        for (var r = 0; r < n; r++)
        {
            var tableNode = Node(userText[users[r]]);
            var prop = values.IsNull(r) ? -1 : Node(values.Text(r));
            own[r] = propIsUser && prop >= 0 ? prop : tableNode;
            anonOf[r] = propIsUser ? tableNode : -1;
            if (prop < 0) continue;
            var (anon, user) = propIsUser ? (tableNode, prop) : (prop, tableNode);
            if (anon == user || (linking is not null && !linking.Contains(codes[r]))) continue;
            links.Add((times[r], r, anon, user));
            isUserNode.Add(user);
        }
        links.Sort();

        // Links per anonymous id, in time order.
        var byAnon = new Dictionary<int, List<(long Time, int User)>>();
        foreach (var l in links)
        {
            if (!byAnon.TryGetValue(l.Anon, out var list)) byAnon[l.Anon] = list = [];
            list.Add((l.Time, l.User));
        }
        long conflicts = 0;
        var split = new Dictionary<int, List<(long Time, int User)>>();
        foreach (var (anon, list) in byAnon)
        {
            var distinct = list.Select(x => x.User).Distinct().Count();
            if (distinct > 1) conflicts++;
            if (distinct > 1 && options.Conflict == IdentityConflictRule.Split) split[anon] = list;
            else uf.Union(anon, list[0].User);
        }

        // The canonical id of each component: its smallest user id (ordinal), else its smallest id.
        var canonical = new Dictionary<int, string>();
        for (var x = 0; x < names.Count; x++)
        {
            var root = uf.Find(x);
            var better = !canonical.TryGetValue(root, out var current)
                         || (isUserNode.Contains(x) && (!isUserNode.Contains(ids[current]) || string.CompareOrdinal(names[x], current) < 0))
                         || (!isUserNode.Contains(x) && !isUserNode.Contains(ids[current]) && string.CompareOrdinal(names[x], current) < 0);
            if (better) canonical[root] = names[x];
        }

        var person = new string[n];
        long reassigned = 0;
        for (var r = 0; r < n; r++)
        {
            var node = own[r];
            // An anonymous row of a split anonymous id: the latest link at or before it, else the first link.
            var anonNode = propIsUser ? (node == anonOf[r] ? node : -1) : node;
            if (anonNode >= 0 && split.TryGetValue(anonNode, out var list))
            {
                var pick = list[0].User;
                foreach (var (t, u) in list) { if (t <= times[r]) pick = u; else break; }
                node = pick;
            }
            person[r] = canonical[uf.Find(node)];
            if (!string.Equals(person[r], userText[users[r]], StringComparison.Ordinal)) reassigned++;
        }
        report = new IdentityReport(names.Count, links.Count, byAnon.Count, conflicts, table.UserCount,
            person.Distinct(StringComparer.Ordinal).LongCount(), reassigned, options.Conflict);
        return person;
    }
}
