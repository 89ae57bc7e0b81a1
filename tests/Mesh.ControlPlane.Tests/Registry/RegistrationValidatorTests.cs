using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Tests.Registry;

public class RegistrationValidatorTests
{
    [Fact]
    public void Validate_CompleteRegistration_ReturnsNull()
    {
        Assert.Null(RegistrationValidator.Validate("reviews-v1", TestRegistrations.Create("reviews-v1")));
    }

    [Fact]
    public void Validate_PathNamesAnotherWorkload_NamesWorkloadField()
    {
        var error = RegistrationValidator.Validate("reviews-v2", TestRegistrations.Create("reviews-v1"));

        Assert.Equal("workload", error?.Field);
    }

    [Theory]
    [InlineData("service")]
    [InlineData("version")]
    [InlineData("serviceAccount")]
    [InlineData("namespace")]
    [InlineData("inboundAddress")]
    public void Validate_EmptyRequiredField_NamesIt(string field)
    {
        var valid = TestRegistrations.Create("reviews-v1");
        var registration = field switch
        {
            "service" => valid with { Service = " " },
            "version" => valid with { Version = "" },
            "serviceAccount" => valid with { ServiceAccount = "" },
            "namespace" => valid with { Namespace = "" },
            _ => valid with { InboundAddress = "" },
        };

        var error = RegistrationValidator.Validate("reviews-v1", registration);

        Assert.Equal(field, error?.Field);
    }

    [Theory]
    [InlineData("127.0.0.1:9080")]
    [InlineData("/inbound")]
    [InlineData("ftp://127.0.0.1:21")]
    [InlineData("not a url")]
    public void Validate_InboundAddressNotAbsoluteHttp_NamesInboundAddress(string address)
    {
        var registration = TestRegistrations.Create("reviews-v1") with { InboundAddress = address };

        var error = RegistrationValidator.Validate("reviews-v1", registration);

        Assert.Equal("inboundAddress", error?.Field);
    }

    [Fact]
    public void Validate_HttpsInboundAddress_Accepted()
    {
        var registration = TestRegistrations.Create("reviews-v1") with { InboundAddress = "https://localhost:7443" };

        Assert.Null(RegistrationValidator.Validate("reviews-v1", registration));
    }

    [Fact]
    public void ApplyDefaults_NamespaceAndLabelsAbsent_FillsDefaults()
    {
        var registration = TestRegistrations.Create("reviews-v1") with { Namespace = null!, Labels = null! };

        var completed = RegistrationValidator.ApplyDefaults(registration);

        Assert.Equal("default", completed.Namespace);
        Assert.Empty(completed.Labels);
        Assert.Null(RegistrationValidator.Validate("reviews-v1", completed));
    }
}
