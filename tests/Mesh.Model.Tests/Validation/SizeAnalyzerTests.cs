using Mesh.Model.Resources;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

public sealed class SizeAnalyzerTests
{
    [Theory]
    [InlineData(InputLimits.MaxRoutes, false)]
    [InlineData(InputLimits.MaxRoutes + 1, true)]
    public void Validate_VirtualServiceRoutes_AreBounded(int routes, bool refused)
    {
        VirtualService resource = new()
        {
            Metadata = new ResourceMetadata { Name = "reviews" },
            Spec = new VirtualServiceSpec { Hosts = ["reviews"], Http = [.. Enumerable.Repeat(ToReviews(), routes)] },
        };

        var errors = ConfigValidator.Validate([resource], Bookinfo.Catalog).Where(d => d.IsError).ToList();

        Assert.Equal(refused, errors.Count > 0);
        if (refused)
        {
            Assert.Equal($"code (VirtualService default/reviews): spec.http: error: {routes} routes; the mesh takes at most 256 (each is tried in turn for every request; split the resource)",
                Assert.Single(errors).ToString());
        }
    }

    [Fact]
    public void Validate_MatchBlocksOfOneRoute_AreBounded()
    {
        VirtualService resource = new()
        {
            Metadata = new ResourceMetadata { Name = "reviews" },
            Spec = new VirtualServiceSpec
            {
                Hosts = ["reviews"],
                Http = [ToReviews() with { Match = [.. Enumerable.Range(0, InputLimits.MaxMatches + 1).Select(i => new HttpMatchRequest { Uri = new StringMatch { Exact = $"/{i}" } })] }],
            },
        };

        var error = Assert.Single(ConfigValidator.Validate([resource], Bookinfo.Catalog), d => d.IsError);

        Assert.Equal((DiagnosticCodes.LimitExceeded, "spec.http[0].match"), (error.Code, error.Path));
    }

    [Fact]
    public void Validate_AuthorizationPolicyRules_AreBounded()
    {
        AuthorizationPolicy resource = new()
        {
            Metadata = new ResourceMetadata { Name = "many" },
            Spec = new AuthorizationPolicySpec { Rules = [.. Enumerable.Repeat(new AuthorizationRule(), InputLimits.MaxRules + 1)] },
        };

        var error = Assert.Single(ConfigValidator.Validate([resource], Bookinfo.Catalog), d => d.IsError);

        Assert.Equal((DiagnosticCodes.LimitExceeded, "spec.rules"), (error.Code, error.Path));
        Assert.StartsWith("257 rules;", error.Message, StringComparison.Ordinal);
    }

    private static VirtualServiceRoute ToReviews() => new() { Route = [new HttpRouteDestination { Destination = new Destination { Host = "reviews" } }] };
}
