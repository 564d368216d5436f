using System.Runtime.InteropServices;
using Roaring.Net.CRoaring;

namespace Columnar.Profiles;

/// <summary>
/// One tag's computation inside the store's single pass: a state per user range, a visit per user in scope (ranges run in
/// parallel, users ascending within a range), and a merge of the range states in range order into one bitmap per value.
/// </summary>
internal abstract class TagComputer(string name, TagKind kind)
{
    public string Name { get; } = name;
    public TagKind Kind { get; } = kind;

    public abstract object NewState();
    public abstract void Visit(object state, int user);

    /// <summary>The values in display order with their users.</summary>
    public abstract IReadOnlyList<(string Value, Roaring32Bitmap Users)> Finish(object[] states);

    /// <summary>Merges per-range value lists (each ascending) into bitmaps; <paramref name="order"/> fixes the value order, else ordinal.</summary>
    protected static IReadOnlyList<(string, Roaring32Bitmap)> Merge<TKey>(object[] states, Func<TKey, string> label, IReadOnlyList<TKey>? order = null)
        where TKey : notnull
    {
        var merged = new Dictionary<TKey, Roaring32Bitmap>();
        foreach (ValueLists<TKey> s in states)
            foreach (var (key, list) in s.Lists)
            {
                if (!merged.TryGetValue(key, out var bm)) merged[key] = bm = new Roaring32Bitmap();
                bm.AddMany(CollectionsMarshal.AsSpan(list));
            }
        foreach (var bm in merged.Values) bm.Optimize();
        var keys = order is not null ? order.Where(merged.ContainsKey) : merged.Keys.OrderBy(label, StringComparer.Ordinal);
        return keys.Select(k => (label(k), merged[k])).ToArray();
    }
}

/// <summary>Users per value for one range, appended in ascending user order.</summary>
internal sealed class ValueLists<TKey> where TKey : notnull
{
    public Dictionary<TKey, List<uint>> Lists { get; } = new();

    public void Add(TKey key, int user)
    {
        if (!Lists.TryGetValue(key, out var list)) Lists[key] = list = new List<uint>();
        list.Add((uint)user);
    }
}

/// <summary>A rule tag: one value, <c>true</c>, for users the rule holds for.</summary>
internal sealed class RuleComputer(string name, Func<int, bool> rule) : TagComputer(name, TagKind.Rule)
{
    public override object NewState() => new ValueLists<string>();
    public override void Visit(object state, int user)
    {
        if (rule(user)) ((ValueLists<string>)state).Add(TagDefinition.RuleValue, user);
    }
    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states) => Merge<string>(states, v => v);
}

/// <summary>A layered tag: the first level whose rule holds.</summary>
internal sealed class LayeredComputer(string name, IReadOnlyList<(string Value, Func<int, bool> Rule)> levels) : TagComputer(name, TagKind.Layered)
{
    public override object NewState() => new ValueLists<int>();
    public override void Visit(object state, int user)
    {
        for (var i = 0; i < levels.Count; i++)
            if (levels[i].Rule(user))
            {
                ((ValueLists<int>)state).Add(i, user);
                return;
            }
    }
    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states) =>
        Merge<int>(states, i => levels[i].Value, Enumerable.Range(0, levels.Count).ToArray());
}

/// <summary>A tag whose value per user is known up front (attributes from a user table).</summary>
internal sealed class FixedValueComputer(string name, TagKind kind, string?[] valueOfUser, IReadOnlyList<string> order) : TagComputer(name, kind)
{
    public override object NewState() => new ValueLists<string>();
    public override void Visit(object state, int user)
    {
        if (valueOfUser[user] is { } v) ((ValueLists<string>)state).Add(v, user);
    }
    public override IReadOnlyList<(string, Roaring32Bitmap)> Finish(object[] states) => Merge<string>(states, v => v, order);
}
