namespace Mesh.ControlPlane.Certificates;

/// <summary>Reads the credential of an <c>Authorization: Bearer &lt;token&gt;</c> header (RFC 6750), the one scheme the control plane takes.</summary>
internal static class BearerToken
{
    public const string Scheme = "Bearer";

    /// <summary>The token, or <see langword="null"/> when the request has no bearer credential.</summary>
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[(Scheme.Length + 1)..].Trim();
        return token.Length > 0 ? token : null;
    }
}
