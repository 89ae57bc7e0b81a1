using Mesh.ControlPlane.Certificates;
using Mesh.Model.Conventions;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>
/// Admits a request to a route that changes the mesh only with the AppHost's per-run admin credential: a stranger
/// on the machine, or a web page in a browser on it, must not apply an allow-all policy.
/// </summary>
internal sealed partial class AdminAuthentication(AdminCredential credential, ILogger<AdminAuthentication> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var token = BearerToken.From(http.Request);
        if (credential.Matches(token))
        {
            return await next(context).ConfigureAwait(false);
        }

        var reason = !credential.IsConfigured
            ? $"the control plane was started without an admin credential ({MeshSettings.ControlPlane.AdminToken}), so nothing may change the mesh at run time"
            : token is null
                ? "the request carries no admin credential"
                : "the request carries a credential that is not this run's admin credential";
        Log.Refused(logger, http.Request.Method, http.Request.Path, reason);
        http.Response.Headers.WWWAuthenticate = BearerToken.Scheme + " realm=\"mesh-admin\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: $"{http.Request.Method} {http.Request.Path}: {reason}. Send 'Authorization: Bearer <admin credential>'; the AppHost shows the credential as the mesh's secret parameter in the dashboard, and MeshClient sends it by itself.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Refused admin request {Method} {Path}: {Reason}")]
        public static partial void Refused(ILogger logger, string method, string path, string reason);
    }
}

/// <summary>Puts <see cref="AdminAuthentication"/> on a route.</summary>
internal static class AdminAuthenticationExtensions
{
    public static TBuilder RequireAdminCredential<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, AdminAuthentication>();
}
