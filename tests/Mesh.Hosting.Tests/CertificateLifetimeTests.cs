using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Mesh.Hosting.Tests;

public sealed class CertificateLifetimeTests
{
    private const string Variable = "Mesh__ControlPlane__CertificateLifetime";

    [Fact]
    public async Task CertificateLifetime_Default_LeavesTheControlPlanesDefault()
    {
        var env = await TestModel.EnvironmentAsync(TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh"));

        Assert.False(env.ContainsKey(Variable));
    }

    [Theory]
    [InlineData(0, 1, 0, "00:01:00")]
    [InlineData(1, 0, 0, "01:00:00")]
    [InlineData(24 * 7, 30, 0, "7.00:30:00")]
    public async Task WithCertificateLifetime_WritesTheControlPlaneSetting_InConstantFormat(int hours, int minutes, int seconds, string expected)
    {
        var builder = TestModel.CreateBuilder();
        var mesh = builder.AddMesh("mesh").WithCertificateLifetime(new TimeSpan(hours, minutes, seconds));
        builder.AddApp("details").WithSidecar(mesh);

        var env = await TestModel.EnvironmentAsync(builder.BuildAndWire().Get<MeshResource>("mesh"));

        Assert.Equal(expected, env[Variable]);
    }

    [Fact]
    public async Task CertificateLifetimeKey_WritesTheControlPlaneSetting()
    {
        var model = TestModel.Bookinfo("--Mesh:CertificateLifetime=00:01:00").BuildAndWire();

        var mesh = model.Get<MeshResource>("mesh");
        var env = await TestModel.EnvironmentAsync(mesh);

        Assert.Equal(TimeSpan.FromMinutes(1), mesh.CertificateLifetime);
        Assert.Equal("00:01:00", env[Variable]);
    }

    [Fact]
    public async Task CertificateLifetime_KeyAndCall_CallWins()
    {
        var builder = TestModel.CreateBuilder("--Mesh:CertificateLifetime=00:01:00");
        var mesh = builder.AddMesh("mesh").WithCertificateLifetime(TimeSpan.FromHours(2));
        builder.AddApp("details").WithSidecar(mesh);

        var env = await TestModel.EnvironmentAsync(builder.BuildAndWire().Get<MeshResource>("mesh"));

        Assert.Equal("02:00:00", env[Variable]);
    }

    [Theory]
    [InlineData("00:00:59")]
    [InlineData("00:00:00")]
    [InlineData("-00:05:00")]
    [InlineData("365.00:00:01")]
    public void WithCertificateLifetime_OutOfRange_ThrowsNamingTheParameterAndTheBounds(string value)
    {
        var mesh = TestModel.CreateBuilder().AddMesh("mesh");
        var lifetime = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => mesh.WithCertificateLifetime(lifetime));

        Assert.Equal("lifetime", error.ParamName);
        Assert.Contains("from 00:01:00 to 365.00:00:00; it is " + value, error.Message, StringComparison.Ordinal);
        Assert.Null(mesh.Resource.CertificateLifetime);
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("365.00:00:00")]
    public void WithCertificateLifetime_AtTheBounds_IsAccepted(string value)
    {
        var lifetime = TimeSpan.Parse(value, CultureInfo.InvariantCulture);

        var mesh = TestModel.CreateBuilder().AddMesh("mesh").WithCertificateLifetime(lifetime);

        Assert.Equal(lifetime, mesh.Resource.CertificateLifetime);
    }

    [Theory]
    [InlineData("one minute")]
    [InlineData("1m")]
    [InlineData("00:00:30")]
    [InlineData("400.00:00:00")]
    public void AddMesh_InvalidCertificateLifetimeKey_ThrowsNamingTheKeyTheValueAndTheForm(string value)
    {
        var builder = TestModel.CreateBuilder("--Mesh:CertificateLifetime=" + value);

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddMesh("mesh"));

        Assert.Contains($"'Mesh:CertificateLifetime' has the value '{value}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("[d.]hh:mm:ss from 00:01:00 to 365.00:00:00", error.Message, StringComparison.Ordinal);
    }
}
