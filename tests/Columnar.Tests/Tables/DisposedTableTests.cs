using Columnar.Query;
using Columnar.Tests.TestKit;

namespace Columnar.Tests.Tables;

/// <summary>A disposed table refuses queries on either engine instead of answering from its buffers.</summary>
public class DisposedTableTests
{
    [Theory]
    [InlineData(Engine.Kernels)]
    [InlineData(Engine.DuckDb)]
    public void QueriesOnADisposedTableThrowObjectDisposed(Engine engine)
    {
        var table = new Journeys().At("a", 0, "view").At("a", 60, "buy").Build();
        var query = table.Query().Using(engine);
        Assert.Equal(1, query.Sessions().Run().Sessions);
        table.Dispose();
        Assert.Throws<ObjectDisposedException>(() => query.Sessions().Run());
        Assert.Throws<ObjectDisposedException>(() => table.Query().Using(engine).Funnel("view", "buy").Run());
        Assert.Throws<ObjectDisposedException>(() => table.Sql("select 1"));
    }
}
