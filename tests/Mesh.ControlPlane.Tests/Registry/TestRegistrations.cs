using Mesh.ControlPlane.Registry;
using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Tests.Registry;

/// <summary>Registrations, registry entries and declared workloads for tests, Bookinfo-flavoured.</summary>
internal static class TestRegistrations
{
    public static WorkloadRegistration Create(string workload, string service = "reviews", string version = "v1", int port = 9080) => new()
    {
        Workload = workload,
        Service = service,
        Version = version,
        ServiceAccount = $"bookinfo-{service}",
        InboundAddress = $"http://127.0.0.1:{port}",
        Labels = new Dictionary<string, string> { ["app"] = service, ["version"] = version },
    };

    public static RegistryEntry Entry(WorkloadRegistration registration, bool serving) => new()
    {
        Registration = registration,
        Serving = serving,
        ConnectedAt = DateTimeOffset.UnixEpoch,
        LastSeen = DateTimeOffset.UnixEpoch,
    };

    /// <summary>Bookinfo's workloads as Mesh.Hosting declares them.</summary>
    public static IEnumerable<DeclaredWorkloadOptions> DeclaredBookinfo() =>
        new[]
        {
            ("productpage", "productpage", "v1"), ("details", "details", "v1"), ("ratings", "ratings", "v1"),
            ("reviews-v1", "reviews", "v1"), ("reviews-v2", "reviews", "v2"), ("reviews-v3", "reviews", "v3"),
        }.Select(w => new DeclaredWorkloadOptions { Name = w.Item1, Service = w.Item2, Version = w.Item3 });
}

/// <summary>Keeps every view the registry hands out.</summary>
internal sealed class RecordingObserver : IRegistryObserver
{
    private readonly List<RegistryView> _views = [];

    public IReadOnlyList<RegistryView> Views
    {
        get
        {
            lock (_views)
            {
                return [.. _views];
            }
        }
    }

    public void OnRegistryChanged(RegistryView view)
    {
        lock (_views)
        {
            _views.Add(view);
        }
    }
}
