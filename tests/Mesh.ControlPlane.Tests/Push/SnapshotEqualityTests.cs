using Mesh.ControlPlane.Push;
using Mesh.Model.Snapshots;

namespace Mesh.ControlPlane.Tests.Push;

public class SnapshotEqualityTests
{
    [Fact]
    public void ContentEquals_SameContentOtherVersionAndInstances_True()
    {
        Assert.True(SnapshotEquality.ContentEquals(Snapshot("1", "v1"), Snapshot("2", "v1")));
    }

    [Fact]
    public void ContentEquals_LabelValueDiffers_False()
    {
        Assert.False(SnapshotEquality.ContentEquals(Snapshot("1", "v1"), Snapshot("1", "v2")));
    }

    [Fact]
    public void ContentEquals_MutualTlsDiffers_False()
    {
        var plain = Snapshot("1", "v1");
        var mutualTls = plain with
        {
            Services = [plain.Services[0] with { Endpoints = [plain.Services[0].Endpoints[0] with { MutualTls = true }] }],
        };

        // Callers choose mutual TLS by this flag: a change of it alone must be pushed.
        Assert.False(SnapshotEquality.ContentEquals(plain, mutualTls));
    }

    [Fact]
    public void ContentEquals_CleartextHttp2Differs_False()
    {
        var http1 = Snapshot("1", "v1");
        var http2 = http1 with
        {
            Services = [http1.Services[0] with { Endpoints = [http1.Services[0].Endpoints[0] with { CleartextHttp2 = true }] }],
        };

        // Callers choose the plain-text protocol by this flag.
        Assert.False(SnapshotEquality.ContentEquals(http1, http2));
    }

    [Fact]
    public void ContentEquals_EndpointMissing_False()
    {
        var without = Snapshot("1", "v1") with
        {
            Services = [new ServiceSnapshot { Name = "reviews", Endpoints = [] }],
        };

        Assert.False(SnapshotEquality.ContentEquals(Snapshot("1", "v1"), without));
    }

    private static SidecarSnapshot Snapshot(string version, string label) => new()
    {
        Version = version,
        Services =
        [
            new ServiceSnapshot
            {
                Name = "reviews",
                Endpoints =
                [
                    new EndpointSnapshot
                    {
                        Workload = "reviews-v1",
                        Version = "v1",
                        ServiceAccount = "bookinfo-reviews",
                        Address = "http://127.0.0.1:9080",
                        Labels = new Dictionary<string, string> { ["version"] = label },
                    },
                ],
            },
        ],
    };
}
