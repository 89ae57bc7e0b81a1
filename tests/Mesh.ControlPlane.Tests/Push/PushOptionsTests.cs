using Mesh.ControlPlane.Push;

namespace Mesh.ControlPlane.Tests.Push;

public class PushOptionsTests
{
    private readonly PushOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AsDocumented_AreValid()
    {
        var options = new PushOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.PingInterval);
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_ShortButPositivePingInterval_Succeeds()
    {
        var options = new PushOptions { PingInterval = TimeSpan.FromMilliseconds(100) };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositivePingInterval_FailsNamingIt(int seconds)
    {
        var options = new PushOptions { PingInterval = TimeSpan.FromSeconds(seconds) };

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Mesh:ControlPlane:{nameof(PushOptions.PingInterval)}", result.FailureMessage, StringComparison.Ordinal);
    }
}
