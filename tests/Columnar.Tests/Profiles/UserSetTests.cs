using Columnar.Profiles;
using Columnar.Storage;

namespace Columnar.Tests.Profiles;

public class UserSetTests
{
    /// <summary>Users 10, 20, …, 100 (dense 0..9), user 10k has k events of 'view' one hour apart, and every even user one 'buy'.</summary>
    internal static EventTable Small()
    {
        var b = new EventTableBuilder(new EventRoles(View: "view", Purchase: "buy"));
        var t0 = 1_700_000_000_000_000L;
        for (var k = 1; k <= 10; k++)
        {
            for (var i = 0; i < k; i++) b.Append(10L * k, t0 + i * 3_600_000_000L, "view");
            if (k % 2 == 0) b.Append(10L * k, t0 + k * 3_600_000_000L, "buy");
        }
        return b.Build();
    }

    [Fact]
    public void AlgebraMatchesHashSets()
    {
        using var table = Small();
        var a = UserSet.FromDense(table, [0, 1, 2, 3, 4, 4]);
        var b = UserSet.FromDense(table, [3, 4, 5, 9]);
        Assert.Equal(5, a.Count);
        Assert.Equal(new[] { 3, 4 }, (a & b).ToArray());
        Assert.Equal(new[] { 0, 1, 2, 3, 4, 5, 9 }, (a | b).ToArray());
        Assert.Equal(new[] { 0, 1, 2 }, (a - b).ToArray());
        Assert.Equal(new[] { 0, 1, 2, 5, 9 }, (a ^ b).ToArray());
        Assert.Equal(new[] { 5, 6, 7, 8, 9 }, a.Not().ToArray());
        Assert.Equal(2, a.AndCount(b));
        Assert.True(a.Contains(4));
        Assert.False(a.Contains(5));
        Assert.False(a.Contains(-1));
        Assert.Equal(10, UserSet.All(table).Count);
        Assert.True(UserSet.Empty(table).IsEmpty);
    }

    [Fact]
    public void ConvertsToAndFromOriginalIds()
    {
        using var table = Small();
        var s = UserSet.FromUserIds(table, new long[] { 30, 100, 55, 10 });
        Assert.Equal(new[] { 0, 2, 9 }, s.ToArray());
        Assert.Equal(new object[] { 10L, 30L, 100L }, s.UserIds().ToArray());
        Assert.Equal(new[] { "10", "30", "100" }, s.UserIdTexts().ToArray());
        var back = UserSet.Deserialize(table, s.Serialize());
        Assert.True(back.SetEquals(s));
        var bad = Assert.Throws<ColumnarException>(() => UserSet.FromDense(table, [10]));
        Assert.Equal(ErrorCodes.BadOption, bad.Code);
    }

    [Fact]
    public void SetsOfDifferentTablesDoNotMix()
    {
        using var t1 = Small();
        using var t2 = Small();
        var e = Assert.Throws<ColumnarException>(() => UserSet.All(t1) & UserSet.All(t2));
        Assert.Equal(ErrorCodes.TableMismatch, e.Code);
        var mismatch = Assert.Throws<ColumnarException>(() => t1.Query().For(UserSet.All(t2)));
        Assert.Equal(ErrorCodes.TableMismatch, mismatch.Code);
        // Both come from the same source: the message must still tell the tables apart and say how to convert.
        Assert.Contains("another table loaded from", mismatch.Message);
        Assert.Contains("UserSet.FromUserIds", mismatch.Message);
    }

    [Fact]
    public void UserFilterRestrictsTheSqlAnalyses()
    {
        using var table = Small();
        // users 20 and 30 (dense 1 and 2): 2 + 3 views, one buy (user 20)
        var users = UserSet.FromUserIds(table, new long[] { 20, 30 });
        var funnel = table.Query().For(users).Funnel("view", "buy").Run();
        Assert.Equal(2, funnel.Steps[0].Users);
        Assert.Equal(1, funnel.Steps[1].Users);
        var rfm = table.Query().For(users).Rfm().Run();
        Assert.Equal(1, rfm.Purchasers);
        Assert.Equal("20", Assert.Single(rfm.Users).UserId);
        var all = table.Query().Funnel("view", "buy").Run();
        Assert.Equal(10, all.Steps[0].Users);
        Assert.Equal(5, all.Steps[1].Users);
    }
}
