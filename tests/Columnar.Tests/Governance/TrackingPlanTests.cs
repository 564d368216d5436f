using Columnar.Governance;
using Columnar.Storage;
using Columnar.Tests.TestKit;
using static Columnar.Tests.Governance.GovernanceTestKit;

namespace Columnar.Tests.Governance;

public class TrackingPlanTests
{
    private const string Plan = """
        {"events": [
          {"name": "view", "properties": [
            {"name": "channel", "type": "string", "required": true, "allowed": ["app", "web"]},
            {"name": "qty", "type": "int64", "min": 1}]},
          {"name": "buy", "properties": [
            {"name": "amount", "type": "decimal", "required": true, "min": 0},
            {"name": "channel", "type": "string", "allowed": ["app", "web"]},
            {"name": "qty", "type": "int64"}]},
          {"name": "login", "identity": true}
        ]}
        """;

    // Line 1 is the header. By hand: line 4 misses amount; line 5 amount 'abc' is not decimal; line 6 amount -3 < 0 and channel 'tv'
    // not allowed; line 7 'refund' is not planned; line 8 qty 'x' is not int64. Lines 2 and 3 are clean.
    private const string Csv = """
        user,time,event,amount,channel,qty
        u1,2024-03-01T10:00:00Z,view,,app,1
        u1,2024-03-01T10:01:00Z,buy,12.5,app,2
        u2,2024-03-01T11:00:00Z,buy,,web,1
        u2,2024-03-01T11:05:00Z,buy,abc,web,1
        u3,2024-03-01T12:00:00Z,buy,-3,tv,1
        u3,2024-03-01T12:30:00Z,refund,5,app,1
        u4,2024-03-01T13:00:00Z,view,,app,x

        """;

    [Fact]
    public void ValidationCountsEveryKindPerEventWithSampleLines()
    {
        using var g = Govern(Csv, "amount,channel,qty", new GovernanceOptions { Plan = TrackingPlan.Parse(Plan) });
        var plan = g.Report.Plan!;
        Assert.Equal(7, plan.Rows);
        Assert.Equal(5, plan.ViolatingRows);
        var buy = plan.Events.Single(e => e.Event == "buy");
        Assert.Equal((4L, 3L), (buy.Rows, buy.ViolatingRows));
        Assert.Equal(
            [
                new(PlanViolationKind.MissingRequired, "amount", 1, [4]),
                new(PlanViolationKind.WrongType, "amount", 1, [5]),
                new(PlanViolationKind.OutOfRange, "amount", 1, [6]),
                new(PlanViolationKind.NotInSet, "channel", 1, [6]),
            ],
            buy.Violations.Select(v => v with { SampleLines = v.SampleLines.ToArray() }).ToArray(), new ViolationComparer());
        var refund = plan.Events.Single(e => e.Event == "refund");
        Assert.Equal(PlanViolationKind.UnknownEvent, Assert.Single(refund.Violations).Kind);
        Assert.Equal([7L], refund.Violations[0].SampleLines);
        var view = plan.Events.Single(e => e.Event == "view");
        Assert.Equal((2L, 1L), (view.Rows, view.ViolatingRows));
        Assert.Equal(new PlanViolation(PlanViolationKind.WrongType, "qty", 1, [8]), Assert.Single(view.Violations), new ViolationComparer());

        // Each violating row once, under its first kind: 7 UnknownEvent, 4 MissingRequired, 5 and 8 WrongType, 6 OutOfRange.
        var r = g.Report;
        Assert.Equal(5, r.Category(QualityCategory.PlanViolation).Rows);
        Assert.Equal(1, Reason(r, QualityCategory.PlanViolation, "UnknownEvent").Rows);
        Assert.Equal(1, Reason(r, QualityCategory.PlanViolation, "MissingRequired").Rows);
        Assert.Equal(2, Reason(r, QualityCategory.PlanViolation, "WrongType").Rows);
        Assert.Equal(1, Reason(r, QualityCategory.PlanViolation, "OutOfRange").Rows);
        Assert.Equal([5L, 8L], Reason(r, QualityCategory.PlanViolation, "WrongType").Examples.Select(e => e.Line).Order());
        Assert.Equal(5.0 / 7, r.NoiseRate, 12);
        Assert.Equal(7, g.Table.EventCount); // flagged, kept
        AssertReconciles(r);
    }

    [Fact]
    public void RejectOptionRemovesViolatingRowsAndCountsThem()
    {
        using var g = Govern(Csv, "amount,channel,qty", new GovernanceOptions { Plan = TrackingPlan.Parse(Plan), RejectPlanViolations = true });
        Assert.Equal(2, g.Table.EventCount);
        Assert.Equal(5, g.Report.RowsRemoved);
        Assert.Equal(5, g.Report.Category(QualityCategory.PlanViolation).RowsRemoved);
        Assert.Equal(2, g.Report.RowsKept);
        AssertReconciles(g.Report);
    }

    [Fact]
    public void TypedColumnsAreCheckedByValue()
    {
        // amount loaded as decimal, qty as double: 2.5 is not an int64, 2.0 is.
        var t = new Journeys().Prop("qty", PropertyType.Double)
            .At("a", 0, "buy", ("qty", 2.0)).At("a", 1, "buy", ("qty", 2.5)).Build();
        var plan = new TrackingPlan([new PlannedEvent("buy", [new PlannedProperty("qty", PropertyType.Int64, true) { Max = 2 }])]);
        using var g = DataGovernance.Apply(t, new GovernanceOptions { Plan = plan });
        var v = Assert.Single(g.Report.Plan!.Events.Single().Violations);
        Assert.Equal((PlanViolationKind.WrongType, 1L), (v.Kind, v.Count));
        Assert.Equal([2L], v.SampleLines); // in-memory tables name 1-based table rows
    }

    [Fact]
    public void PlanJsonRoundTripsAndMarksIdentityEvents()
    {
        var plan = TrackingPlan.Parse(Plan);
        Assert.Equal(["login"], plan.IdentityEvents);
        var again = TrackingPlan.Parse(plan.ToJson());
        Assert.Equal(plan.ToJson(), again.ToJson());
        var amount = again.Event("buy")!.Properties[0];
        Assert.Equal((PropertyType.Decimal, true, 0m, (decimal?)null), (amount.Type, amount.Required, amount.Min!.Value, amount.Max));
        Assert.Equal(["app", "web"], again.Event("view")!.Properties[0].Allowed);
    }

    [Theory]
    [InlineData("{\"events\": [ {\"name\": \"a\",", "not valid JSON")]
    [InlineData("{\"events\": [{\"name\": \"a\", \"properties\": [{\"name\": \"p\", \"type\": \"money\"}]}]}", "unknown type 'money'")]
    [InlineData("{\"events\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}", "declared twice")]
    [InlineData("{\"events\": [{\"name\": \"a\", \"properties\": [{\"name\": \"p\", \"type\": \"int64\", \"min\": 5, \"max\": 1}]}]}", "above max")]
    [InlineData("{\"events\": [{\"name\": \"a\", \"properties\": [{\"name\": \"p\", \"type\": \"string\", \"min\": 1}]}]}", "applies to int64")]
    [InlineData("{\"events\": [{\"name\": \"a\", \"colour\": 1}]}", "unknown key")]
    [InlineData("{\"events\": [{\"name\": \"a\", \"properties\": [{\"name\": \"p\", \"type\": \"int64\", \"allowed\": [\"x\"]}]}]}", "not a int64")]
    public void BadPlansFailWithGov0001(string json, string message)
    {
        var e = Assert.Throws<ColumnarException>(() => TrackingPlan.Parse(json, "p.json"));
        Assert.Equal(ErrorCodes.BadPlan, e.Code);
        Assert.Contains(message, e.Message);
        Assert.Contains("p.json", e.Message);
    }

    [Fact]
    public void InferLearnsTypesRequirednessSetsAndRanges()
    {
        using var t = new Journeys().Prop("channel", PropertyType.String).Prop("qty", PropertyType.String).Prop("amount", PropertyType.Decimal)
            .At("u1", 0, "view", ("channel", "app"), ("qty", "3"))
            .At("u2", 1, "view", ("channel", "app"), ("qty", "5"))
            .At("u3", 2, "view", ("channel", "web"), ("qty", "7"))
            .At("u4", 3, "view", ("channel", "web"))
            .At("u1", 4, "buy", ("channel", "app"), ("amount", 10.50m))
            .Build();
        var plan = TrackingPlan.Infer(t, identityEvents: ["buy"]);
        // By hand. view: channel in 4/4 rows, 2 values each seen twice -> set; qty in 3/4 rows, all integers 3..7; amount never -> absent.
        var view = plan.Event("view")!;
        Assert.False(view.Identity);
        Assert.Equal(2, view.Properties.Count);
        var channel = view.Properties.Single(p => p.Name == "channel");
        Assert.Equal((PropertyType.String, true), (channel.Type, channel.Required));
        Assert.Equal(["app", "web"], channel.Allowed);
        var qty = view.Properties.Single(p => p.Name == "qty");
        Assert.Equal((PropertyType.Int64, false, 3m, 7m), (qty.Type, qty.Required, qty.Min!.Value, qty.Max!.Value));
        Assert.Null(qty.Allowed);
        // buy: one row; channel has 1 value seen once -> no set; amount decimal 10.5..10.5.
        var buy = plan.Event("buy")!;
        Assert.True(buy.Identity);
        Assert.Null(buy.Properties.Single(p => p.Name == "channel").Allowed);
        var amount = buy.Properties.Single(p => p.Name == "amount");
        Assert.Equal((PropertyType.Decimal, true, 10.5m, 10.5m), (amount.Type, amount.Required, amount.Min!.Value, amount.Max!.Value));
        // The inferred plan validates its own data without violations.
        using var g = DataGovernance.Apply(t, new GovernanceOptions { Plan = TrackingPlan.Parse(plan.ToJson()) });
        Assert.Equal(0, g.Report.Plan!.ViolatingRows);
    }

    private sealed class ViolationComparer : IEqualityComparer<PlanViolation>
    {
        public bool Equals(PlanViolation? x, PlanViolation? y) => x!.Kind == y!.Kind && x.Property == y.Property && x.Count == y.Count && x.SampleLines.SequenceEqual(y.SampleLines);
        public int GetHashCode(PlanViolation v) => HashCode.Combine(v.Kind, v.Property, v.Count);
    }
}
