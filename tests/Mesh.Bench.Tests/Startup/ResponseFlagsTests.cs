using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

public sealed class ResponseFlagsTests
{
    [Fact]
    public void Describe_Stats_NamesEachFlaggedDestination()
    {
        const string Stats = """
            {
              "inbound": { "productpage": { "requests": 12, "responseCodes": { "2xx": 12 }, "responseFlags": {} } },
              "outbound": {
                "reviews": { "requests": 9, "responseCodes": { "2xx": 8, "5xx": 1 }, "responseFlags": { "DC": 1, "UT": 0 },
                             "workloads": { "reviews-v1": { "requests": 3, "responseCodes": {}, "responseFlags": { "DC": 1 } } } },
                "details": { "requests": 9, "responseCodes": { "2xx": 9 }, "responseFlags": {} }
              }
            }
            """;

        Assert.Equal(["productpage-sidecar outbound reviews: DC×1"], ResponseFlags.Describe("productpage-sidecar", Stats));
    }
}
