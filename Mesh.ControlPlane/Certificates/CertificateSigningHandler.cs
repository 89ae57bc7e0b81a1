using System.Text.Json;
using Mesh.Model.Protocol;
using Mesh.ControlPlane.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mesh.ControlPlane.Certificates;

/// <summary>
/// <c>POST /v1/certificates</c>: authenticates the sidecar by its bootstrap token, checks it asks for its own
/// workload, and signs its request for the identity declared for that workload.
/// </summary>
internal sealed partial class CertificateSigningHandler(
    BootstrapCredentials credentials,
    MeshCertificateAuthority authority,
    ILogger<CertificateSigningHandler> logger,
    ControlPlaneMetrics? metrics = null)
{
    public async Task<IResult> SignAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = BearerToken.From(context.Request);
        if (credentials.Authenticate(token) is not { } caller)
        {
            var reason = token is null ? "no bearer token" : "an unknown bootstrap token";
            metrics?.CertificateRefused("unauthenticated");
            Log.Unauthenticated(logger, reason);
            context.Response.Headers.WWWAuthenticate = BearerToken.Scheme;
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"The request carries {reason}; send the workload's bootstrap token as 'Authorization: Bearer <token>'.");
        }

        CertificateSigningRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(
                context.Request.Body, MeshJsonContext.Default.CertificateSigningRequest, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return BadRequest(caller, ex.Message);
        }

        if (body is null || string.IsNullOrEmpty(body.Workload) || string.IsNullOrEmpty(body.Csr))
        {
            return BadRequest(caller, "The body must be an object with 'workload' and 'csr'.");
        }

        if (!string.Equals(body.Workload, caller.Workload, StringComparison.Ordinal))
        {
            var asked = credentials.Declared(body.Workload)?.SpiffeId ?? "an undeclared workload";
            metrics?.CertificateRefused("other_workload");
            Log.OtherWorkload(logger, caller.Workload, body.Workload, asked);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: $"The bootstrap token is not workload '{body.Workload}''s; a sidecar may only get a certificate for its own workload.");
        }

        try
        {
            var issued = authority.Issue(body.Csr, caller);
            metrics?.CertificateIssued();
            return TypedResults.Json(
                new CertificateSigningResponse
                {
                    CertificateChain = issued.CertificateChainPem,
                    Root = issued.RootCertificatePem,
                    NotBefore = issued.NotBefore,
                    NotAfter = issued.NotAfter,
                },
                MeshJsonContext.Default.CertificateSigningResponse);
        }
        catch (InvalidSigningRequestException ex)
        {
            return BadRequest(caller, ex.Message);
        }
    }

    private ProblemHttpResult BadRequest(WorkloadIdentity caller, string reason)
    {
        metrics?.CertificateRefused("invalid");
        Log.Invalid(logger, caller.Workload, reason);
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid certificate signing request", detail: reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 410, Level = LogLevel.Warning,
            Message = "Refused a certificate request with {Reason}")]
        public static partial void Unauthenticated(ILogger logger, string reason);

        [LoggerMessage(EventId = 411, Level = LogLevel.Warning,
            Message = "Workload {Workload} asked for a certificate for workload {RequestedWorkload} ({RequestedIdentity}); refused: a sidecar may only get its own identity")]
        public static partial void OtherWorkload(ILogger logger, string workload, string requestedWorkload, string requestedIdentity);

        [LoggerMessage(EventId = 412, Level = LogLevel.Warning,
            Message = "Refused workload {Workload}'s certificate signing request: {Reason}")]
        public static partial void Invalid(ILogger logger, string workload, string reason);
    }
}
