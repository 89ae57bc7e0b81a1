using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Configuration;

/// <summary>
/// Validates <see cref="SidecarOptions"/> at startup. Every message names the configuration key and the
/// environment variable the hosting library sets, so a misconfigured sidecar says what to fix.
/// </summary>
internal sealed class SidecarOptionsValidator : IValidateOptions<SidecarOptions>
{
    public ValidateOptionsResult Validate(string? name, SidecarOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        RequireHttpUrl(failures, "ControlPlane", options.ControlPlane, "the control plane's base URL");
        if (options.Mode == ProxyMode.Sidecar)
        {
            RequireHttpUrl(failures, "App", options.App, "the local app's base URL");
        }
        Require(failures, "Workload", options.Workload, "the workload's name, e.g. reviews-v2");
        Require(failures, "Service", options.Service, "the service the workload serves, e.g. reviews");
        Require(failures, "Version", options.Version, "the workload's version label, e.g. v1");
        Require(failures, "Namespace", options.Namespace, "the workload's namespace, e.g. default");
        Require(failures, "AdvertiseHost", options.AdvertiseHost, "the host peers use to reach the inbound listener");

        if (options.RootPin is { Length: > 0 } pin && (pin.Length != 64 || !pin.All(char.IsAsciiHexDigit)))
        {
            failures.Add($"{Key("RootPin")} must be the mesh root certificate's SHA-256 fingerprint, 64 hexadecimal digits (got '{pin}').");
        }

        if (string.IsNullOrWhiteSpace(options.AppProbePath) || !options.AppProbePath.StartsWith('/'))
        {
            failures.Add($"{Key("AppProbePath")} must be a path starting with '/', e.g. /health (got '{options.AppProbePath}').");
        }

        if (!AppProtocols.TryParse(options.AppProtocol, out _))
        {
            failures.Add($"{Key("AppProtocol")} must be http (HTTP/1.1 to the app) or http2 (HTTP/2 with prior knowledge, for an app "
                + $"endpoint whose transport is http2, such as a gRPC service) (got '{options.AppProtocol}').");
        }

        var ports = new Dictionary<int, string>();
        RequirePort(failures, ports, "Listeners:Inbound", options.Listeners.Inbound);
        RequirePort(failures, ports, "Listeners:Admin", options.Listeners.Admin);
        if (options.Listeners.Captured is not null)
        {
            if (options.Mode == ProxyMode.Gateway)
            {
                failures.Add($"{Key("Listeners:Captured")} is for a sidecar's app: the ingress gateway has no app whose port it could hold.");
            }

            RequirePort(failures, ports, "Listeners:Captured", options.Listeners.Captured);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Outbound.Count; i++)
        {
            var outbound = options.Outbound[i];
            var prefix = $"Outbound:{i}:";
            Require(failures, prefix + "Name", outbound.Name, "the listener's name, e.g. reviews");
            if (!string.IsNullOrWhiteSpace(outbound.Name) && !names.Add(outbound.Name))
            {
                failures.Add($"{Key(prefix + "Name")}: the name '{outbound.Name}' is used by another outbound listener.");
            }

            RequirePort(failures, ports, prefix + "Port", outbound.Port);
        }

        RequirePositive(failures, "PingInterval", options.PingInterval);
        RequirePositive(failures, "ReportInterval", options.ReportInterval);
        RequirePositive(failures, "AppProbeInterval", options.AppProbeInterval);
        RequirePositive(failures, "AppProbeTimeout", options.AppProbeTimeout);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Key(string key) =>
        $"{SidecarOptions.SectionName}:{key} (environment variable {SidecarOptions.SectionName}__{key.Replace(":", "__", StringComparison.Ordinal)})";

    private static void Require(List<string> failures, string key, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Key(key)} is required: {what}.");
        }
    }

    private static void RequireHttpUrl(List<string> failures, string key, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Key(key)} is required: {what}, e.g. http://localhost:5000.");
        }
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Key(key)} must be an absolute http(s) URL, {what} (got '{value}').");
        }
    }

    private static void RequirePort(List<string> failures, Dictionary<int, string> seen, string key, int? port)
    {
        if (port is null)
        {
            failures.Add($"{Key(key)} is required: a loopback port (0 picks a free one).");
        }
        else if (port is < 0 or > 65535)
        {
            failures.Add($"{Key(key)} must be a port between 0 and 65535 (got {port}).");
        }
        else if (port != 0 && !seen.TryAdd(port.Value, key))
        {
            failures.Add($"{Key(key)}: port {port} is already used by {SidecarOptions.SectionName}:{seen[port.Value]}.");
        }
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{Key(key)} must be a positive duration, e.g. 00:00:01 (got {value}).");
        }
    }
}
