using Columnar.Datasets;

namespace Columnar.Tests.Sql;

public class SqlSmokeTests
{
    [Fact]
    public void Smoke()
    {
        using var t = SyntheticDataset.Generate(new SyntheticOptions { Events = 10_000 });
        using var r = t.Sql("select count(*) n, count(distinct \"user\") u, min(seq), max(seq) from events");
        Console.WriteLine(r.ToTable());
        using var r2 = t.Sql("select * from events order by seq limit 5");
        Console.WriteLine(r2.ToTable());
        using var r3 = t.Sql("select * from users limit 3");
        Console.WriteLine(r3.ToTable());
        using var r4 = t.Sql("select count(*) from events where \"user\" < 10");
        Console.WriteLine(r4.ToTable());
    }
}
