using Mesh.ControlPlane.Certificates;
using Mesh.ControlPlane.Registry;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>
/// Admits a sidecar's call (stream, report) only with the bootstrap token the AppHost gave that workload, so no
/// process can join the mesh, or speak for a workload, without the AppHost having made it.
/// </summary>
internal sealed partial class WorkloadAuthentication(BootstrapCredentials credentials, ILogger<WorkloadAuthentication> logger)
{
    /// <summary>The AppHost's declaration of <paramref name="workload"/> when the request carries its token; else the refusal to answer.</summary>
    public (DeclaredWorkloadOptions? Declared, IResult? Refusal) Authenticate(HttpContext context, string workload)
    {
        ArgumentNullException.ThrowIfNull(context);
        var token = BearerToken.From(context.Request);
        if (credentials.AuthenticateWorkload(token) is not { } declared)
        {
            var reason = token is null ? "no bearer token" : "an unknown bootstrap token";
            Log.Unauthenticated(logger, context.Request.Path, reason);
            context.Response.Headers.WWWAuthenticate = BearerToken.Scheme;
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Unauthorized",
                detail: $"The request carries {reason}; a sidecar sends its workload's bootstrap token (Mesh:Token) as 'Authorization: Bearer <token>', and only workloads the AppHost declared have one."));
        }

        if (!string.Equals(declared.Name, workload, StringComparison.Ordinal))
        {
            Log.OtherWorkload(logger, declared.Name, workload, context.Request.Path);
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden",
                detail: $"The bootstrap token is workload '{declared.Name}''s, not '{workload}''s; a sidecar may only speak for its own workload."));
        }

        return (declared, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 501, Level = LogLevel.Warning, Message = "Refused sidecar call {Path} with {Reason}")]
        public static partial void Unauthenticated(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 502, Level = LogLevel.Warning,
            Message = "Workload {Workload} tried to speak for workload {ClaimedWorkload} ({Path}); refused: a sidecar may only speak for its own workload")]
        public static partial void OtherWorkload(ILogger logger, string workload, string claimedWorkload, string path);
    }
}
