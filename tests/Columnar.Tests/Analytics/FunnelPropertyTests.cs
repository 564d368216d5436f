using System.Globalization;
using System.Text;
using Columnar.Analytics.Funnels;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using FsCheck;
using FsCheck.Fluent;

namespace Columnar.Tests.Analytics;

/// <summary>One random property case: many small journeys in one table, a funnel and its window.</summary>
/// <remarks>Users whose events never start the funnel (only D, or only later steps) are the "empty users".</remarks>
public sealed record FunnelCase(RawEvent[] Events, string[] Steps, long WindowMicros, bool OrderColumn)
{
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"steps [{string.Join(",", Steps)}], window {WindowMicros} µs, order column {OrderColumn}, events (arrival order):");
        var t0 = Journeys.T0.Ticks / 10 - DateTime.UnixEpoch.Ticks / 10;
        foreach (var e in Events) sb.Append(CultureInfo.InvariantCulture, $"\n  {e.User} t0+{e.TimeMicros - t0} µs {e.Name} p={e.Breakdown ?? "null"} o={e.Order?.ToString(CultureInfo.InvariantCulture) ?? "null"}");
        return sb.ToString();
    }
}

public class FunnelPropertyTests
{
    private const long Second = 1_000_000;

    /// <summary>Times on a coarse grid (many ties), sometimes nudged by 1 µs to hit window edges exactly or just miss them.</summary>
    private static Gen<RawEvent> Event(string user) =>
        from sec in Gen.Choose(0, 8)
        from nudge in Gen.Elements(0L, 0L, 0L, 1L)
        from name in Gen.Elements("A", "A", "B", "B", "C", "D")
        from p in Gen.Elements<string?>("x", "y", null)
        from o in Gen.Elements<long?>(1, 2, null)
        select new RawEvent(user, Journeys.T0.Ticks / 10 - DateTime.UnixEpoch.Ticks / 10 + sec * Second + nudge, name, p, o);

    private static Gen<FunnelCase> Cases() =>
        from users in Gen.Choose(1, 10)
        from journeys in Gen.CollectToArray(Enumerable.Range(0, users), u => Gen.Choose(1, 9).SelectMany(n => Gen.ArrayOf(Event($"u{u}"), n)))
        from shuffled in Gen.Shuffle(journeys.SelectMany(x => x).ToArray())
        from k in Gen.Choose(1, 4)
        from steps in Gen.ArrayOf(Gen.Frequency((6, Gen.Elements("A", "B", "C")), (1, Gen.Constant("Z"))), k)
        from windowSeconds in Gen.Choose(1, 5)
        from windowNudge in Gen.Elements(0L, 0L, -1L, 1L)
        from order in Gen.Elements(false, true)
        select new FunnelCase(shuffled, steps, windowSeconds * Second + windowNudge, order);

    private static EventTable Build(FunnelCase c)
    {
        var j = new Journeys().Prop("p", PropertyType.String).Prop("o", PropertyType.Int64);
        if (c.OrderColumn) j.Roles(new EventRoles(Purchase: "C", Order: "o"));
        foreach (var e in c.Events)
            j.Add(e.User, DateTime.UnixEpoch.AddTicks(e.TimeMicros * 10), e.Name, ("p", e.Breakdown), ("o", e.Order));
        return j.Build();
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public Property SqlFunnelMatchesTheNaiveReference() => Prop.ForAll(Cases().ToArbitrary(), c =>
    {
        using var table = Build(c);
        var expected = FunnelReference.Run(c.Events, c.Steps, c.WindowMicros, purchase: c.OrderColumn ? "C" : null);
        var window = TimeSpan.FromTicks(c.WindowMicros * 10);

        var whole = table.Funnel(c.Steps).Within(window).Run();
        Assert.Equal(expected.Total, whole.Steps.Select(s => s.Users));

        var split = table.Funnel(c.Steps).Within(window).BreakdownBy("p").Run();
        Assert.Equal(expected.Total, split.Steps.Select(s => s.Users));
        var actualRows = split.Breakdown.Select(b => (b.Value, Users: b.Steps.Select(s => s.Users).ToArray()))
            .OrderBy(r => r.Value ?? "\uffff", StringComparer.Ordinal).ToArray();
        var expectedRows = expected.Rows.OrderBy(r => r.Value ?? "\uffff", StringComparer.Ordinal).ToArray();
        Assert.Equal(expectedRows.Select(r => r.Value), actualRows.Select(r => r.Value));
        for (var i = 0; i < expectedRows.Length; i++) Assert.Equal(expectedRows[i].Users, actualRows[i].Users);
    });
}
