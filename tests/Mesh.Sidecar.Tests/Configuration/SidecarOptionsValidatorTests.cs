using Mesh.Sidecar.Configuration;
using Mesh.Sidecar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Tests.Configuration;

public sealed class SidecarOptionsValidatorTests
{
    private static readonly Dictionary<string, string?> s_valid = new()
    {
        ["Mesh:ControlPlane"] = "http://localhost:5100",
        ["Mesh:Workload"] = "reviews-v2",
        ["Mesh:Service"] = "reviews",
        ["Mesh:App"] = "http://localhost:5200",
        ["Mesh:Listeners:Inbound"] = "15006",
        ["Mesh:Listeners:Admin"] = "15000",
    };

    [Fact]
    public void Bind_MinimalSettings_AppliesDefaults()
    {
        var options = Bind(s_valid);

        Assert.Equal("v1", options.Version);
        Assert.Equal("reviews", options.EffectiveServiceAccount);
        Assert.Equal("default", options.Namespace);
        Assert.Equal("/health", options.AppProbePath);
        Assert.Equal("http", options.AppProtocol);
        Assert.Equal("127.0.0.1", options.AdvertiseHost);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PingInterval); // the control plane's ping period
        Assert.Empty(options.Outbound);
        Assert.Empty(options.Labels);
    }

    [Fact]
    public void Validate_MinimalSettings_Succeeds() =>
        Assert.True(new SidecarOptionsValidator().Validate(null, Bind(s_valid)).Succeeded);

    [Fact]
    public void Bind_EnvironmentStyleKeys_ReadsOutboundListenersAndLabels()
    {
        var options = Bind(With(new()
        {
            ["Mesh:Outbound:0:Name"] = "reviews",
            ["Mesh:Outbound:0:Service"] = "reviews",
            ["Mesh:Outbound:0:Port"] = "15001",
            ["Mesh:Outbound:1:Name"] = "reviews-v2",
            ["Mesh:Outbound:1:Service"] = "reviews",
            ["Mesh:Outbound:1:Workload"] = "reviews-v2",
            ["Mesh:Outbound:1:Port"] = "15002",
            ["Mesh:Labels:team"] = "books",
        }));

        Assert.Equal(2, options.Outbound.Count);
        Assert.Equal("reviews-v2", options.Outbound[1].Workload);
        Assert.Equal(15002, options.Outbound[1].Port);
        Assert.Equal("books", options.Labels["team"]);
        Assert.True(new SidecarOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("Mesh:ControlPlane", "Mesh:ControlPlane (environment variable Mesh__ControlPlane) is required")]
    [InlineData("Mesh:Workload", "Mesh:Workload (environment variable Mesh__Workload) is required")]
    [InlineData("Mesh:Service", "Mesh:Service (environment variable Mesh__Service) is required")]
    [InlineData("Mesh:App", "Mesh:App (environment variable Mesh__App) is required")]
    [InlineData("Mesh:Listeners:Inbound", "Mesh:Listeners:Inbound (environment variable Mesh__Listeners__Inbound) is required")]
    [InlineData("Mesh:Listeners:Admin", "Mesh:Listeners:Admin (environment variable Mesh__Listeners__Admin) is required")]
    public void Validate_MissingRequiredKey_FailsNamingTheKey(string key, string expected)
    {
        var settings = new Dictionary<string, string?>(s_valid);
        settings.Remove(key);

        var result = new SidecarOptionsValidator().Validate(null, Bind(settings));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Mesh:ControlPlane", "localhost:5100", "Mesh:ControlPlane (environment variable Mesh__ControlPlane) must be an absolute http(s) URL")]
    [InlineData("Mesh:Listeners:Admin", "70000", "Mesh:Listeners:Admin (environment variable Mesh__Listeners__Admin) must be a port between 0 and 65535")]
    [InlineData("Mesh:Listeners:Admin", "15006", "Mesh:Listeners:Admin (environment variable Mesh__Listeners__Admin): port 15006 is already used by Mesh:Listeners:Inbound")]
    [InlineData("Mesh:AppProbePath", "health", "Mesh:AppProbePath (environment variable Mesh__AppProbePath) must be a path starting with '/'")]
    [InlineData("Mesh:Listeners:Captured", "15006", "Mesh:Listeners:Captured (environment variable Mesh__Listeners__Captured): port 15006 is already used by Mesh:Listeners:Inbound")]
    [InlineData("Mesh:Listeners:Captured", "-1", "Mesh:Listeners:Captured (environment variable Mesh__Listeners__Captured) must be a port between 0 and 65535")]
    [InlineData("Mesh:PingInterval", "00:00:00", "Mesh:PingInterval (environment variable Mesh__PingInterval) must be a positive duration")]
    [InlineData("Mesh:AppProtocol", "grpc", "Mesh:AppProtocol (environment variable Mesh__AppProtocol) must be http (HTTP/1.1 to the app) or http2")]
    [InlineData("Mesh:AppProtocol", "h2c", "Mesh:AppProtocol (environment variable Mesh__AppProtocol) must be http (HTTP/1.1 to the app) or http2")]
    public void Validate_InvalidValue_FailsNamingTheKey(string key, string value, string expected)
    {
        var result = new SidecarOptionsValidator().Validate(null, Bind(With(new() { [key] = value })));

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http", "Http")]
    [InlineData("http2", "Http2")]
    [InlineData("HTTP2", "Http2")]
    public void Validate_AppProtocol_HttpOrHttp2_ReadsAsTheProtocol(string value, string expected)
    {
        var settings = With(new() { ["Mesh:AppProtocol"] = value });

        Assert.True(new SidecarOptionsValidator().Validate(null, Bind(settings)).Succeeded);
        Assert.Equal(expected, SidecarIdentity.From(Microsoft.Extensions.Options.Options.Create(Bind(settings))).AppProtocol.ToString());
    }

    [Fact]
    public void Validate_AppProtocolUnknown_FailureQuotesTheValue()
    {
        var result = new SidecarOptionsValidator().Validate(null, Bind(With(new() { ["Mesh:AppProtocol"] = "grpc" })));

        Assert.Contains(result.Failures!, f => f.EndsWith("(got 'grpc').", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_OutboundWithoutNameOrPort_FailsNamingIndexedKeys()
    {
        var result = new SidecarOptionsValidator().Validate(null, Bind(With(new() { ["Mesh:Outbound:0:Service"] = "reviews" })));

        Assert.Contains(result.Failures!, f => f.StartsWith("Mesh:Outbound:0:Name (environment variable Mesh__Outbound__0__Name) is required", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("Mesh:Outbound:0:Port (environment variable Mesh__Outbound__0__Port) is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_CapturedPortOnTheGateway_FailsNamingTheKey()
    {
        var result = new SidecarOptionsValidator().Validate(null, Bind(With(new() { ["Mesh:Mode"] = "Gateway", ["Mesh:Listeners:Captured"] = "9080" })));

        Assert.Contains(result.Failures!, f => f.StartsWith("Mesh:Listeners:Captured (environment variable Mesh__Listeners__Captured) is for a sidecar's app", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ZeroPorts_AreAllowedTogether()
    {
        var result = new SidecarOptionsValidator().Validate(null, Bind(With(new()
        {
            ["Mesh:Listeners:Inbound"] = "0",
            ["Mesh:Listeners:Admin"] = "0",
            ["Mesh:Outbound:0:Name"] = "reviews",
            ["Mesh:Outbound:0:Port"] = "0",
        })));

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Start_MissingSettings_FailsWithMessagesNamingTheKeys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            // Building already binds Kestrel's listeners from the options, so validation may fail there.
            await using var app = SidecarApp.Build(["--Mesh:Listeners:Inbound=0", "--Mesh:Listeners:Admin=0"], builder => builder.Logging.ClearProviders());
            await app.StartAsync();
        });

        Assert.Contains("Mesh:ControlPlane (environment variable Mesh__ControlPlane) is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("Mesh:Workload (environment variable Mesh__Workload) is required", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> With(Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>(s_valid);
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static SidecarOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new SidecarOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection(SidecarOptions.SectionName).Bind(options);
        return options;
    }
}
