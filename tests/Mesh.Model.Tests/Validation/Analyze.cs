using Mesh.Model.Parsing;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

/// <summary>Reads YAML and validates it against Bookinfo, as the control plane would before applying it.</summary>
internal static class Analyze
{
    /// <summary>Every diagnostic of validation; the YAML must read without any.</summary>
    public static IReadOnlyList<ConfigDiagnostic> Yaml(string yaml)
    {
        var read = ResourceReader.Read(yaml, "test.yaml");
        Assert.Empty(read.Diagnostics);
        return ConfigValidator.Validate(read.Resources, Bookinfo.Catalog);
    }

    /// <summary>A VirtualService for reviews with one route to it, and <paramref name="fields"/> (YAML lines) on that route.</summary>
    public static string ReviewsRoute(params string[] fields) => $$$"""
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route: [{destination: {host: reviews}}]
            {{{string.Join("\n    ", fields)}}}
        """;

    /// <summary>The errors that refuse the YAML: reading's when it does not read, else validation's.</summary>
    public static List<ConfigDiagnostic> Errors(string yaml)
    {
        var read = ResourceReader.Read(yaml, "test.yaml");
        return [.. read.HasErrors ? read.Diagnostics : ConfigValidator.Validate(read.Resources, Bookinfo.Catalog).Where(static d => d.IsError)];
    }
}
