using System.Text;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// Compiled <see cref="HeaderOperationsConfig"/>: remove, then set, then add, as Envoy applies a route's
/// <c>request_headers_to_remove</c> / <c>_to_add</c> with and without <c>append</c>.
/// </summary>
internal sealed class HeaderOperations
{
    private readonly HeaderValueConfig[] _set;
    private readonly HeaderValueConfig[] _add;
    private readonly string[] _remove;

    private HeaderOperations(HeaderOperationsConfig config)
    {
        _set = [.. config.Set];
        _add = [.. config.Add];
        _remove = [.. config.Remove];
    }

    /// <summary>Null when there is nothing to do, so the hot path skips it with one check.</summary>
    public static HeaderOperations? Compile(HeaderOperationsConfig? config) =>
        config is null || (config.Set.Count == 0 && config.Add.Count == 0 && config.Remove.Count == 0) ? null : new HeaderOperations(config);

    /// <summary>Applies the operations to a request about to be forwarded.</summary>
    public void Apply(HttpRequestMessage request)
    {
        foreach (var name in _remove)
        {
            request.Headers.Remove(name);
            request.Content?.Headers.Remove(name);
        }

        foreach (var header in _set)
        {
            Remove(request, header.Name);
            Add(request, header);
        }

        foreach (var header in _add)
        {
            Append(request, header);
        }
    }

    /// <summary>Applies the operations to a response about to be sent back.</summary>
    public void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        foreach (var name in _remove)
        {
            headers.Remove(name);
        }

        foreach (var header in _set)
        {
            headers[header.Name] = header.Value;
        }

        foreach (var header in _add)
        {
            headers.Append(header.Name, header.Value);
        }
    }

    private static void Remove(HttpRequestMessage request, string name)
    {
        request.Headers.Remove(name);
        request.Content?.Headers.Remove(name);
    }

    // The value joins the header's existing ones with a bare comma, as the Gateway API writes the result (foo,bar) and an
    // app behind Envoy reads its two lines. HttpClient would send two values as "foo, bar".
    private static void Append(HttpRequestMessage request, HeaderValueConfig header)
    {
        if (!request.Headers.NonValidated.TryGetValues(header.Name, out var existing))
        {
            Add(request, header);
            return;
        }

        var joined = new StringBuilder();
        foreach (var value in existing)
        {
            joined.Append(value).Append(',');
        }

        request.Headers.Remove(header.Name);
        request.Headers.TryAddWithoutValidation(header.Name, joined.Append(header.Value).ToString());
    }

    private static void Add(HttpRequestMessage request, HeaderValueConfig header)
    {
        if (!request.Headers.TryAddWithoutValidation(header.Name, header.Value))
        {
            // Content-* headers live on the content, when there is one.
            request.Content?.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }
    }
}
