using Mesh.Model.Compilation;
using Mesh.Model.Conventions;
using Mesh.Model.Resources;

namespace Mesh.Model.Validation;

/// <summary>Checks a <c>DestinationRule</c>: host, subsets (and whether they select workloads), traffic policies.</summary>
internal static class DestinationRuleAnalyzer
{
    public static void Analyze(ValidationContext context, DestinationRule resource)
    {
        var spec = resource.Spec;
        List<CatalogService> services = [];
        if (Checks.Required(context, resource, "spec.host", spec.Host))
        {
            services = context.ServicesOf(spec.Host, resource.Metadata.Namespace).ToList();
            if (services.Count == 0)
            {
                var message = ServiceHosts.IsWildcard(spec.Host)
                    ? $"host \"{spec.Host}\" covers no known service ({context.KnownServices()})"
                    : $"host \"{spec.Host}\" names no known service ({context.KnownServices()})";
                context.Error(resource, "spec.host", DiagnosticCodes.UnknownHost, message);
            }
        }

        TrafficPolicy(context, resource, spec.TrafficPolicy, "spec.trafficPolicy");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Subsets.Count; i++)
        {
            var subset = spec.Subsets[i];
            var path = $"spec.subsets[{i}]";
            if (Checks.Required(context, resource, $"{path}.name", subset.Name))
            {
                if (!Checks.IsDnsLabel(subset.Name))
                {
                    context.Error(resource, $"{path}.name", DiagnosticCodes.InvalidValue, $"\"{subset.Name}\" is not a valid subset name (lowercase letters, digits and '-')");
                }

                if (!names.Add(subset.Name))
                {
                    context.Error(resource, $"{path}.name", DiagnosticCodes.Duplicate, $"subset \"{subset.Name}\" is defined twice");
                }
            }

            foreach (var service in services)
            {
                if (!service.Select(subset.Labels).Any())
                {
                    // Workloads come and go (Mesh.Model/README.md, "Subsets"): a subset may be defined before its
                    // version starts.
                    context.Warning(resource, subset.Labels.Count > 0 ? $"{path}.labels" : path, DiagnosticCodes.NoMatchingWorkloads,
                        $"subset \"{subset.Name}\" ({Checks.Describe(subset.Labels)}) selects no workload of {service.Host} today");
                }
            }

            TrafficPolicy(context, resource, subset.TrafficPolicy, $"{path}.trafficPolicy");
        }
    }

    private static void TrafficPolicy(ValidationContext context, DestinationRule resource, TrafficPolicy? policy, string path)
    {
        if (policy is null)
        {
            return;
        }

        if (policy.LoadBalancer?.ConsistentHash?.HttpCookie is { } cookie)
        {
            var cookiePath = $"{path}.loadBalancer.consistentHash.httpCookie";
            Checks.Required(context, resource, $"{cookiePath}.name", cookie.Name);
            Checks.Duration(context, resource, $"{cookiePath}.ttl", cookie.Ttl, allowZero: true, anyPrecision: true);
        }

        if (policy.ConnectionPool is { } pool)
        {
            var tcp = $"{path}.connectionPool.tcp";
            var http = $"{path}.connectionPool.http";
            Checks.Range(context, resource, $"{tcp}.maxConnections", pool.Tcp?.MaxConnections, 0, int.MaxValue);
            Checks.Duration(context, resource, $"{tcp}.connectTimeout", pool.Tcp?.ConnectTimeout);
            Checks.Duration(context, resource, $"{tcp}.maxConnectionDuration", pool.Tcp?.MaxConnectionDuration);
            Checks.Range(context, resource, $"{http}.http1MaxPendingRequests", pool.Http?.Http1MaxPendingRequests, 0, int.MaxValue);
            Checks.Range(context, resource, $"{http}.http2MaxRequests", pool.Http?.Http2MaxRequests, 0, int.MaxValue);
            Checks.Range(context, resource, $"{http}.maxRequestsPerConnection", pool.Http?.MaxRequestsPerConnection, 0, int.MaxValue);
            Checks.Range(context, resource, $"{http}.maxRetries", pool.Http?.MaxRetries, 0, int.MaxValue);
            Checks.Duration(context, resource, $"{http}.idleTimeout", pool.Http?.IdleTimeout);
            if (pool.Http?.MaxRequestsPerConnection is > 1 and var perConnection)
            {
                context.Warning(resource, $"{http}.maxRequestsPerConnection", DiagnosticCodes.UnsupportedValue,
                    $"{perConnection} is not applied: the sidecar's connection pool cannot close a connection after a number of requests, " +
                    "so connections are reused without a count (1, no reuse, is applied)");
            }
        }

        if (policy.OutlierDetection is { } outlier)
        {
            var outlierPath = $"{path}.outlierDetection";
            Checks.Range(context, resource, $"{outlierPath}.consecutive5xxErrors", outlier.Consecutive5xxErrors, 0, int.MaxValue);
            Checks.Range(context, resource, $"{outlierPath}.consecutiveGatewayErrors", outlier.ConsecutiveGatewayErrors, 0, int.MaxValue);
            Checks.Duration(context, resource, $"{outlierPath}.interval", outlier.Interval);
            Checks.Duration(context, resource, $"{outlierPath}.baseEjectionTime", outlier.BaseEjectionTime);
            Checks.Range(context, resource, $"{outlierPath}.maxEjectionPercent", outlier.MaxEjectionPercent, 0, 100);
            Checks.Range(context, resource, $"{outlierPath}.minHealthPercent", outlier.MinHealthPercent, 0, 100);
        }

        if (policy.Tls?.Mode is ClientTlsMode.Simple or ClientTlsMode.Mutual)
        {
            context.Warning(resource, $"{path}.tls.mode", DiagnosticCodes.UnsupportedValue,
                $"mode {(policy.Tls.Mode == ClientTlsMode.Simple ? "SIMPLE" : "MUTUAL")} is not supported by the mesh (it uses its own certificates between sidecars); treated as ISTIO_MUTUAL");
        }
    }
}
