using Mesh.Model.Compilation;
using Mesh.Model.Registry;

namespace Mesh.Model.Tests;

/// <summary>The registry of the Bookinfo AppHost, plus an ingress gateway workload, as tests see it.</summary>
internal static class Bookinfo
{
    public static IReadOnlyList<WorkloadRegistration> Registrations { get; } =
    [
        Workload("productpage", "productpage", "v1", "bookinfo-productpage"),
        Workload("details", "details", "v1", "bookinfo-details"),
        Workload("ratings", "ratings", "v1", "bookinfo-ratings"),
        Workload("reviews-v1", "reviews", "v1", "bookinfo-reviews"),
        Workload("reviews-v2", "reviews", "v2", "bookinfo-reviews"),
        Workload("reviews-v3", "reviews", "v3", "bookinfo-reviews"),
        Workload("gateway", "istio-ingressgateway", "v1", "istio-ingressgateway-service-account", ("istio", "ingressgateway")),
    ];

    public static ServiceCatalog Catalog { get; } = ServiceCatalog.FromRegistrations(Registrations);

    public static WorkloadRegistration Registration(string workload) => Registrations.Single(r => r.Workload == workload);

    public static WorkloadRegistration Workload(string name, string service, string version, string account, params (string Key, string Value)[] labels) => new()
    {
        Workload = name,
        Service = service,
        Version = version,
        ServiceAccount = account,
        InboundAddress = "http://127.0.0.1:1",
        Labels = labels.ToDictionary(static l => l.Key, static l => l.Value),
    };
}
