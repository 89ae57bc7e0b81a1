using Mesh.Model.Resources;

namespace Mesh.Model.Tests.Resources;

public sealed class FieldPathTests
{
    [Fact]
    public void Field_PlainAndSpecialKeys_QuotesOnlyWhenNeeded()
    {
        Assert.Equal("spec", FieldPath.Field("", "spec"));
        Assert.Equal("spec.http", FieldPath.Field("spec", "http"));
        Assert.Equal("headers.end-user", FieldPath.Field("headers", "end-user"));
        Assert.Equal("metadata.labels[\"app.kubernetes.io/name\"]", FieldPath.Field("metadata.labels", "app.kubernetes.io/name"));
        Assert.Equal("spec.http[3]", FieldPath.Item("spec.http", 3));
    }

    [Theory]
    [InlineData("spec.http[0].route[1].weight", "spec.http[0].route[1]")]
    [InlineData("spec.http[0].route[1]", "spec.http[0].route")]
    [InlineData("metadata.annotations[\"istio.io/dry-run\"]", "metadata.annotations")]
    [InlineData("[2]", "")]
    [InlineData("spec", "")]
    [InlineData("", "")]
    public void Parent_Path_DropsTheLastStep(string path, string parent) => Assert.Equal(parent, FieldPath.Parent(path));

    [Fact]
    public void Key_IstioAndGatewayApiGateways_Differ()
    {
        var istio = new Gateway { Metadata = new ResourceMetadata { Name = "gw" } };
        var kubernetes = new KubernetesGateway { Metadata = new ResourceMetadata { Name = "gw" } };

        Assert.Equal("Gateway.networking.istio.io default/gw", istio.Key.ToString());
        Assert.Equal("Gateway.gateway.networking.k8s.io default/gw", kubernetes.Key.ToString());
    }
}
