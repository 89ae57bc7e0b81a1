using Mesh.ControlPlane.Registry;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Tests.Registry;

public class RegistryOptionsTests
{
    private readonly RegistryOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AsDocumented_AreValid()
    {
        var options = new RegistryOptions();

        Assert.Equal(TimeSpan.FromSeconds(5), options.LeaseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.SweepInterval);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ShortButPositiveDurations_Succeeds()
    {
        var options = new RegistryOptions
        {
            LeaseTimeout = TimeSpan.FromSeconds(1.5),
            SweepInterval = TimeSpan.FromMilliseconds(100),
        };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(nameof(RegistryOptions.SweepInterval), 0)]
    [InlineData(nameof(RegistryOptions.LeaseTimeout), -5)]
    public void Validate_NonPositiveDuration_FailsNamingIt(string property, int seconds)
    {
        var options = new RegistryOptions();
        var value = TimeSpan.FromSeconds(seconds);
        switch (property)
        {
            case nameof(RegistryOptions.SweepInterval): options.SweepInterval = value; break;
            default: options.LeaseTimeout = value; break;
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Mesh:ControlPlane:{property}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaseNotLongerThanReportInterval_Fails()
    {
        var options = new RegistryOptions { LeaseTimeout = RegistryOptions.SidecarReportInterval };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("report interval", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_InvalidLeaseInConfiguration_FailsAtStart()
    {
        await using var app = ControlPlaneApp.Build(["--urls=http://127.0.0.1:0", "--Mesh:ControlPlane:LeaseTimeout=00:00:00.500"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("LeaseTimeout", error.Message, StringComparison.Ordinal);
    }
}
