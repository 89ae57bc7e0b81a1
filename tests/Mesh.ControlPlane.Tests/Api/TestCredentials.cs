using System.Net.Http.Headers;
using Mesh.Model.Conventions;

namespace Mesh.ControlPlane.Tests.Api;

/// <summary>
/// The credentials a test control plane is started with, as Mesh.Hosting gives them: an admin credential, and a
/// bootstrap token for each workload the tests register (Bookinfo's, with Istio's service accounts).
/// </summary>
internal static class TestCredentials
{
    public const string AdminToken = "admin-token-for-tests-0f1e2d3c";

    /// <summary>The workloads declared, as (name, service, version); service account <c>bookinfo-{service}</c>.</summary>
    public static readonly (string Name, string Service, string Version)[] Workloads =
    [
        ("productpage", "productpage", "v1"), ("details", "details", "v1"), ("ratings", "ratings", "v1"),
        ("reviews-v1", "reviews", "v1"), ("reviews-v2", "reviews", "v2"), ("reviews-v3", "reviews", "v3"),
    ];

    /// <summary>The token the AppHost would give <paramref name="workload"/>'s sidecar.</summary>
    public static string TokenOf(string workload) => $"{workload}-bootstrap-token-7a6b5c4d";

    /// <summary>The control plane's settings declaring every workload with its token, and the admin credential.</summary>
    public static IEnumerable<string> Settings()
    {
        yield return "--Mesh:ControlPlane:AdminToken=" + AdminToken;
        for (var i = 0; i < Workloads.Length; i++)
        {
            var (name, service, version) = Workloads[i];
            var prefix = $"--Mesh:ControlPlane:Workloads:{i}:";
            yield return prefix + "Name=" + name;
            yield return prefix + "Service=" + service;
            yield return prefix + "Version=" + version;
            yield return prefix + "ServiceAccount=bookinfo-" + service;
            yield return prefix + "Token=" + TokenOf(name);
        }
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>What <paramref name="workload"/>'s sidecar sends: the credential derived from its token, never the token.</summary>
    public static AuthenticationHeaderValue Sidecar(string workload) => Bearer(WorkloadToken.Credential(TokenOf(workload)));
}
