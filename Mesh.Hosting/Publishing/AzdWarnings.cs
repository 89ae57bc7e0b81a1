using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Resources;

namespace Aspire.Hosting.Publishing;

/// <summary>
/// What the azd deployment of the manifest leaves out: the manifest holds the apps with direct references, so azd
/// deploys no sidecar and no policy. One warning per mesh feature the AppHost uses, naming what uses it.
/// </summary>
internal static class AzdWarnings
{
    public static List<string> For(MeshResource mesh, IReadOnlyList<PublishedWorkload> workloads, IReadOnlyList<ConfigResource> config)
    {
        var warnings = new List<string>();
        void Feature(string feature, IEnumerable<string> users, string consequence)
        {
            var names = users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (names.Count > 0)
            {
                warnings.Add($"{feature} ({string.Join(", ", names)}): {consequence}");
            }
        }

        IEnumerable<string> Named<T>() where T : ConfigResource => config.OfType<T>().Select(static r => r.DisplayName);

        Feature("sidecars, mutual TLS and workload identities", workloads.Select(static w => w.Name),
            "the apps call each other directly in plain HTTP, with no identity");
        Feature("logical services with several versions", mesh.Services.Values.Where(static s => s.Workloads.Count > 1)
            .Select(static s => $"{s.Name}: {string.Join("/", s.Workloads.Select(static w => w.Name))}"),
            "callers get every version's address and balance across them themselves");
        Feature("request routing", Named<VirtualService>().Concat(Named<HttpRoute>()),
            "routes, traffic splits, retries, timeouts, faults and mirrors do not apply");
        Feature("traffic policies", Named<DestinationRule>(),
            "load balancing, connection limits, outlier detection and subsets do not apply");
        Feature("authorization", Named<AuthorizationPolicy>(), "every caller is allowed");
        Feature("peer authentication", Named<PeerAuthentication>(), "no mutual TLS is required");
        Feature("local rate limits", Named<LocalRateLimit>(), "requests are not limited");
        Feature("the ingress gateway", Named<Gateway>().Concat(Named<KubernetesGateway>()),
            "there is no gateway: the apps' own external endpoints serve outside callers");
        if (mesh.FaultHeadersAllowed)
        {
            warnings.Add("fault headers (WithFaultHeaders): x-mesh-fault-delay and x-mesh-fault-abort have no effect");
        }

        return warnings;
    }
}
