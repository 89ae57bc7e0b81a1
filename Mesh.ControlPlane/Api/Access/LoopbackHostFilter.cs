namespace Mesh.ControlPlane.Api.Access;

/// <summary>
/// Answers only requests addressed to a loopback name. A web page can point a name it controls at 127.0.0.1 (DNS
/// rebinding) and so make the browser call the control plane as a same-origin request; the Host header still carries
/// the page's name, which this refuses. Every process the mesh starts calls the control plane by a loopback name.
/// </summary>
internal sealed class LoopbackHostFilter(RequestDelegate next)
{
    /// <summary>The names the control plane answers to, with any port.</summary>
    public static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.Request.Host;
        if (host.HasValue && LoopbackNames.Contains(host.Host, StringComparer.OrdinalIgnoreCase))
        {
            return next(context);
        }

        var sent = host.HasValue ? $"Host '{host.Value}'" : "no Host header";
        return Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Host not allowed",
            detail: $"The request has {sent}; the control plane answers only {string.Join(", ", LoopbackNames)} (with any port), so a web page cannot reach it through a name of its own.")
            .ExecuteAsync(context);
    }
}
