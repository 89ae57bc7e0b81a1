using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Inbound.Security;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Mesh.Sidecar.Inbound.Authorization;

/// <summary>
/// Applies the workload's AuthorizationPolicies to an inbound request, as Envoy's RBAC filter in Istio's sidecar: a
/// denied request gets 403 <c>RBAC: access denied</c>, and since "which policy denied me?" is the question every
/// denial raises, the answer goes in the <c>x-mesh-denied-by</c> response header, a log line and a metric. Dry-run
/// policies are logged and counted, never enforced; AUDIT policies are logged.
/// </summary>
internal sealed partial class InboundAuthorization(SidecarIdentity identity, SidecarMetrics metrics, ILogger<InboundAuthorization> logger)
{
    /// <summary>The response header naming the policy that denied the request.</summary>
    public const string DeniedByHeader = "x-mesh-denied-by";

    /// <summary>Envoy's body for an RBAC denial.</summary>
    public const string DeniedBody = "RBAC: access denied";

    private const string PlainText = "none (plain text)";

    private readonly string _workload = identity.Workload;

    /// <summary>True when the request may go on; otherwise the 403 has been written.</summary>
    public async ValueTask<bool> AuthorizeAsync(HttpContext context, AuthorizationEvaluator evaluator, PeerIdentityFeature? caller)
    {
        if (evaluator.IsEmpty)
        {
            return true;
        }

        var request = context.Request;
        var source = caller?.Principal ?? PlainText;
        // Istio's destination.port is the workload's port, which the app listens on; the sidecar's own when unknown.
        var port = identity.AppPort ?? context.Connection.LocalPort;
        var decision = evaluator.Evaluate(RequestAttributes.From(request, caller?.Principal, caller?.Identity.Namespace, port));
        if (decision.DryRun is { } dryRun)
        {
            Log.DryRun(logger, request.Method, request.Path.Value, source, dryRun.Describe());
            if (!dryRun.Allowed)
            {
                metrics.RecordDenial(source, _workload, dryRun.DecidingPolicy ?? "", dryRun: true);
            }
        }

        foreach (var audit in decision.AuditPolicies)
        {
            Log.Audit(logger, request.Method, request.Path.Value, source, audit, decision.Allowed ? "allowed" : "denied");
        }

        if (decision.Allowed)
        {
            return true;
        }

        var policy = decision.DecidingPolicy ?? "";
        Log.Denied(logger, request.Method, request.Path.Value, source, policy);
        metrics.RecordDenial(source, _workload, policy, dryRun: false);
        RequestSpan.Denied(context, policy);
        context.Response.Headers[DeniedByHeader] = policy;
        // A gRPC caller gets it as PERMISSION_DENIED (7), as from Envoy's RBAC filter.
        await LocalReply.WriteAsync(context, StatusCodes.Status403Forbidden, ResponseFlag.None, DeniedBody);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(111, LogLevel.Information, "RBAC: access denied: {Method} {Path} from {Caller}, decided by {Policy}")]
        public static partial void Denied(ILogger logger, string method, string? path, string caller, string policy);

        [LoggerMessage(112, LogLevel.Information, "RBAC {DryRun}: {Method} {Path} from {Caller}")]
        public static partial void DryRun(ILogger logger, string method, string? path, string caller, string dryRun);

        [LoggerMessage(113, LogLevel.Information, "RBAC audit by {Policy}: {Method} {Path} from {Caller} {Outcome}")]
        public static partial void Audit(ILogger logger, string method, string? path, string caller, string policy, string outcome);
    }
}
