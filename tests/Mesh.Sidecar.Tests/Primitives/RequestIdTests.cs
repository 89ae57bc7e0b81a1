using System.Text.RegularExpressions;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Primitives;

public sealed partial class RequestIdTests
{
    [Fact]
    public void NewId_IsARandomVersion4Uuid_DifferentEachTime()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RequestId.NewId()).ToList();

        Assert.All(ids, id => Assert.Matches(Version4(), id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Version4();
}
