using System.Net;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Protocol;
using Mesh.Model.Validation;

namespace Mesh.Hosting.Tests.Commands;

/// <summary>
/// The control plane's admin API as the dashboard's commands see it: applies, analyzes and deletes are answered by
/// what the test sets, every request is kept with its body.
/// </summary>
internal sealed class FakeAdminApi : HttpMessageHandler
{
    /// <summary>"METHOD path" and body of every request, in order.</summary>
    public List<(string Request, string Body)> Requests { get; } = [];

    /// <summary>Diagnostics an analyze answers with.</summary>
    public List<ConfigDiagnostic> AnalyzeDiagnostics { get; } = [];

    /// <summary>When set, applies are refused with these diagnostics.</summary>
    public List<ConfigDiagnostic>? ApplyRefusal { get; set; }

    /// <summary>What <c>GET /v1/resources</c> lists.</summary>
    public List<ConfigResourceEntry> Resources { get; } = [];

    /// <summary>The bodies of the applies, in order.</summary>
    public IEnumerable<string> Applied => Requests.Where(r => r.Request == "POST " + AdminRoutes.Apply).Select(r => r.Body);

    /// <summary>Bookinfo's mesh with its endpoint allocated, as once the AppHost runs.</summary>
    public static MeshResource RunningMesh(DistributedApplicationModel model)
    {
        var mesh = model.Get<MeshResource>("mesh");
        var endpoint = mesh.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == MeshResource.HttpEndpointName);
        endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint, "localhost", 41234);
        return mesh;
    }

    public static ConfigDiagnostic Error(string code, string message, string source = "request", string? kind = null, string? name = null, int? line = null) => new()
    {
        Severity = DiagnosticSeverity.Error,
        Code = code,
        Message = message,
        Source = source,
        Kind = kind,
        Namespace = name is null ? null : "default",
        Name = name,
        Line = line,
    };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var path = request.RequestUri!.AbsolutePath;
        Requests.Add(($"{request.Method} {path}", body));
        if (request.Method == HttpMethod.Get && path == AdminRoutes.Resources)
        {
            return Json(JsonSerializer.Serialize(Resources, MeshJsonContext.Default.IReadOnlyListConfigResourceEntry));
        }

        var result = path switch
        {
            AdminRoutes.Analyze => Change(false, AnalyzeDiagnostics),
            AdminRoutes.Apply => ApplyRefusal is { } refusal ? Change(false, refusal) : Change(true, []),
            _ => Change(true, []),
        };
        return Json(JsonSerializer.Serialize(result, MeshJsonContext.Default.ConfigChangeResult));
    }

    private static ConfigChangeResult Change(bool applied, List<ConfigDiagnostic> diagnostics) => new()
    {
        Applied = applied,
        ConfigVersion = 7,
        Resources = [],
        Diagnostics = diagnostics,
        Messages = [.. diagnostics.Select(d => d.ToString())],
    };

    private static HttpResponseMessage Json(string text) =>
        new(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
}
