using Mesh.ControlPlane.Certificates;
using Mesh.ControlPlane.Registry;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests.Certificates;

public class CertificateOptionsValidatorTests
{
    private readonly CertificateOptionsValidator _validator = new();

    [Fact]
    public void Defaults_LifetimeIs24Hours_AndValid()
    {
        var options = new CertificateOptions();

        Assert.Equal(TimeSpan.FromHours(24), options.CertificateLifetime);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_OneMinuteLifetime_Succeeds()
    {
        var options = new CertificateOptions { CertificateLifetime = TimeSpan.FromMinutes(1) };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_LifetimeUnderOneMinute_FailsNamingTheSetting()
    {
        var options = new CertificateOptions { CertificateLifetime = TimeSpan.FromSeconds(59) };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Mesh:ControlPlane:CertificateLifetime must be at least 00:01:00", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("it is 00:00:59", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DistinctTokens_Succeeds()
    {
        var options = WithTokens(("reviews-v1", "reviews-token-0123456789"), ("ratings", "ratings-token-0123456789"));

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_SharedToken_FailsWithoutEchoingIt()
    {
        var options = WithTokens(("reviews-v1", "shared-token-0123456789"), ("ratings", "shared-token-0123456789"));

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Mesh:ControlPlane:Workloads:1:Token (workload 'ratings') is the same as Mesh:ControlPlane:Workloads:0:Token", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("shared-token", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortToken_Fails()
    {
        var result = _validator.Validate(null, WithTokens(("ratings", "short")));

        Assert.True(result.Failed);
        Assert.Contains("Workloads:0:Token (workload 'ratings') must be at least 16 characters", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ServiceAccountNotASpiffeSegment_Fails()
    {
        var options = WithTokens(("ratings", "ratings-token-0123456789"));
        options.Workloads[0].ServiceAccount = "bad/account";

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("service account 'bad/account'", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_LifetimeUnderOneMinuteInConfiguration_FailsAtStart()
    {
        await using var app = ControlPlaneApp.Build(["--urls=http://127.0.0.1:0", "--Mesh:ControlPlane:CertificateLifetime=00:00:30"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("CertificateLifetime must be at least", error.Message, StringComparison.Ordinal);
    }

    private static CertificateOptions WithTokens(params (string Workload, string Token)[] workloads)
    {
        var options = new CertificateOptions();
        foreach (var (workload, token) in workloads)
        {
            options.Workloads.Add(new DeclaredWorkloadOptions { Name = workload, Service = workload.Split('-')[0], Token = token });
        }

        return options;
    }
}
