using System.Reflection;
using Columnar.Storage;

namespace Columnar.Tests;

public class PublicApiTests
{
    [Fact]
    public void EveryPublicClassOfTheLibraryIsSealedOrStatic()
    {
        var open = typeof(EventTable).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && !t.IsSealed && !(t.IsAbstract && t.IsSealed))
            .Select(t => t.FullName)
            .ToList();
        Assert.Empty(open);
    }

    [Fact]
    public void NoPublicMutableFields()
    {
        var fields = typeof(EventTable).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(f => !f.IsLiteral && !f.IsInitOnly && !t.IsEnum)
                .Select(f => $"{t.FullName}.{f.Name}"))
            .ToList();
        Assert.Empty(fields);
    }
}
