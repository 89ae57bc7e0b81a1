using System.Diagnostics;
using Mesh.Model.Conventions;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http.Features;

namespace Mesh.Sidecar.Telemetry;

/// <summary>
/// The request's server span (ASP.NET Core's, one per proxy hop) as Envoy shapes its own: named after the route's
/// operation (Istio's decorator, <c>reviews.default.svc.cluster.local:80/*</c>) and tagged with what the mesh decided.
/// Each layer tags what it decides where it decides it; every method returns at once when the span is not recorded,
/// so a request nobody traces allocates nothing here. A tag set once per request is added (<c>AddTag</c>) rather than
/// set: <c>SetTag</c> searches the span's tags under a lock for one to replace, on every hop of every request.
/// </summary>
internal sealed class RequestSpan
{
    private readonly string _nodeId;
    private readonly string _service;
    private readonly string _namespace;
    private readonly string _revision;

    public RequestSpan(SidecarIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        // Istio's node id: <type>~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local; the workload stands for the pod.
        var type = identity.Mode == ProxyMode.Gateway ? "router" : "sidecar";
        _nodeId = $"{type}~127.0.0.1~{identity.Workload}.{identity.Namespace}~{identity.Namespace}.{ServiceHosts.ClusterDomain}";
        _service = identity.Service;
        _namespace = identity.Namespace;
        _revision = identity.Version;
        InboundOperation = Operation(ServiceHosts.Fqdn(identity.Service, identity.Namespace), identity.AppPort ?? 80, null);
    }

    /// <summary>The inbound listener's operation: the workload's service and port, every path (Istio's inbound decorator).</summary>
    public string InboundOperation { get; }

    /// <summary>
    /// Istio's decorator operation (<c>getRouteOperation</c>): <c>host:port</c> and the route's path, the prefix with <c>*</c>
    /// appended, the exact path or the regex, <c>/*</c> when the route matches every path.
    /// </summary>
    public static string Operation(string host, int port, string? path) => $"{host}:{port}{path ?? "/*"}";

    /// <summary>The request's span if it is recorded (filtered-out and unsampled requests have none).</summary>
    public static Activity? Recorded(HttpContext context)
    {
        var span = context.Features.Get<IHttpActivityFeature>()?.Activity;
        return span is { IsAllDataRequested: true } ? span : null;
    }

    /// <summary>Names the span after the operation the request was routed by.</summary>
    public static void Name(HttpContext context, string operation)
    {
        if (Recorded(context) is { } span)
        {
            span.DisplayName = operation;
        }
    }

    /// <summary>The route that matched, its destination's subset and the cluster a try goes to.</summary>
    public static void Route(HttpContext context, string operation, string route, string? routeName, string? cluster, string? subset)
    {
        if (Recorded(context) is not { } span)
        {
            return;
        }

        span.DisplayName = operation;
        span.AddTag(Tags.Route, route);
        AddIfAny(span, Tags.RouteName, routeName);
        AddIfAny(span, Tags.UpstreamCluster, cluster);
        AddIfAny(span, Tags.Subset, subset);
    }

    /// <summary>A fault the route injected: the delay in milliseconds and the abort's status, either or both.</summary>
    public static void Fault(HttpContext context, TimeSpan? delay, int? abortStatus)
    {
        if ((delay is not null || abortStatus is not null) && Recorded(context) is { } span)
        {
            AddIfAny(span, Tags.FaultDelay, delay?.TotalMilliseconds);
            AddIfAny(span, Tags.FaultAbort, abortStatus);
        }
    }

    /// <summary>The AuthorizationPolicy that denied the request.</summary>
    public static void Denied(HttpContext context, string policy)
    {
        if (Recorded(context) is { } span)
        {
            span.AddTag(Tags.DeniedBy, policy);
        }
    }

    /// <summary>The identities the upstream must present (its SPIFFE URIs, comma-joined), on a mutual-TLS hop.</summary>
    public static void UpstreamPrincipal(HttpContext context, string principal)
    {
        if (Recorded(context) is { } span)
        {
            span.SetTag(Tags.UpstreamPrincipal, principal);
        }
    }

    /// <summary>Tags what is known once the request is over: who answered, Envoy's flags, this proxy and the caller.</summary>
    public void Finish(HttpContext context, in RequestLabels labels, string destinationWorkload, ResponseFlag flag)
    {
        if (Recorded(context) is not { } span)
        {
            return;
        }

        ServerSpan.End(span, context.Response.StatusCode);
        span.AddTag(Tags.Component, "proxy");
        span.AddTag(Tags.NodeId, _nodeId);
        span.AddTag(Tags.CanonicalService, _service);
        span.AddTag(Tags.CanonicalRevision, _revision);
        span.AddTag(Tags.Namespace, _namespace);
        span.AddTag(Tags.RequestId, context.Request.Headers[RequestId.HeaderName].ToString());
        span.AddTag(Tags.ResponseFlags, ResponseFlags.ToEnvoy(flag));
        span.AddTag(Tags.Reporter, labels.Reporter);
        span.AddTag(Tags.DestinationService, labels.DestinationService);
        span.AddTag(Tags.DestinationWorkload, destinationWorkload);
        if (labels.SourcePrincipal != SidecarMetrics.Unknown)
        {
            span.AddTag(Tags.DownstreamPrincipal, labels.SourcePrincipal);
        }
    }

    // A tag with no value is left out, as SetTag leaves it out.
    private static void AddIfAny(Activity span, string tag, object? value)
    {
        if (value is not null)
        {
            span.AddTag(tag, value);
        }
    }

    /// <summary>The tag names: Envoy's and Istio's where they have one, <c>mesh.*</c> otherwise.</summary>
    public static class Tags
    {
        public const string Component = "component";
        public const string NodeId = "node_id";
        public const string CanonicalService = "istio.canonical_service";
        public const string CanonicalRevision = "istio.canonical_revision";
        public const string Namespace = "istio.namespace";
        public const string RequestId = "guid:x-request-id";
        public const string ResponseFlags = "response_flags";
        public const string UpstreamCluster = "upstream_cluster";
        public const string UpstreamAddress = "upstream_address";
        public const string ServerAddress = "server.address";
        public const string ServerPort = "server.port";
        public const string RetryCount = "retry.count";
        public const string StatusCode = "http.status_code";
        public const string Route = "mesh.route";
        public const string RouteName = "mesh.route.name";
        public const string Subset = "mesh.subset";
        public const string FaultDelay = "mesh.fault.delay_ms";
        public const string FaultAbort = "mesh.fault.abort";
        public const string DeniedBy = "mesh.authz.denied_by";
        public const string DownstreamPrincipal = "mesh.downstream_principal";
        public const string UpstreamPrincipal = "mesh.upstream_principal";
        public const string Reporter = "mesh.reporter";
        public const string DestinationService = "mesh.destination_service";
        public const string DestinationWorkload = "mesh.destination_workload";
        public const string Attempt = "mesh.attempt";
        public const string Outcome = "mesh.attempt.outcome";
        public const string Mirror = "mesh.mirror";
    }
}
