using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mesh.Model.Conventions;

namespace Aspire.Hosting.Internal.Commands;

/// <summary>
/// What the dashboard's commands ask of one service host: a traffic shift, a delay, an abort. Istio applies one
/// VirtualService per host for the mesh, so the shift and the faults share one resource, <c>dashboard-{host}</c>.
/// </summary>
/// <param name="Host">The service host, e.g. <c>reviews</c>.</param>
/// <param name="Namespace">The mesh's namespace.</param>
internal sealed record DashboardRoute(string Host, string Namespace)
{
    /// <summary>Label every resource the dashboard writes carries, so it is recognisable in <c>GET /v1/resources</c>.</summary>
    internal const string ManagedByLabel = "app.kubernetes.io/managed-by";

    internal const string ManagedByValue = "mesh-dashboard";

    /// <summary>Weight per version (subset), summing to 100; null when no shift is in force.</summary>
    public IReadOnlyList<VersionWeight>? Shift { get; init; }

    public DelayFault? Delay { get; init; }

    public AbortFault? Abort { get; init; }

    /// <summary>Whether the dashboard also wrote the DestinationRule with the shift's subsets (none in force defined them).</summary>
    public bool OwnsSubsets { get; init; }

    /// <summary>The name of both resources the dashboard writes for the host.</summary>
    public string ResourceName => "dashboard-" + Host;

    /// <summary>Whether nothing is asked any more: the resources are deleted.</summary>
    public bool IsEmpty => Shift is null && Delay is null && Abort is null;

    /// <summary>The VirtualService, as JSON the control plane reads like YAML.</summary>
    public JsonObject VirtualService()
    {
        var http = new JsonObject();
        if (Delay is not null || Abort is not null)
        {
            var fault = new JsonObject();
            if (Delay is { } delay)
            {
                fault["delay"] = new JsonObject
                {
                    ["fixedDelay"] = IstioDuration.Format(delay.Duration),
                    ["percentage"] = new JsonObject { ["value"] = delay.Percentage },
                };
            }

            if (Abort is { } abort)
            {
                fault["abort"] = new JsonObject
                {
                    ["httpStatus"] = abort.Status,
                    ["percentage"] = new JsonObject { ["value"] = abort.Percentage },
                };
            }

            http["fault"] = fault;
        }

        var route = new JsonArray();
        if (Shift is null)
        {
            route.Add(new JsonObject { ["destination"] = new JsonObject { ["host"] = Host } });
        }
        else
        {
            foreach (var (version, weight) in Shift)
            {
                route.Add(new JsonObject
                {
                    ["destination"] = new JsonObject { ["host"] = Host, ["subset"] = version },
                    ["weight"] = weight,
                });
            }
        }

        http["route"] = route;
        return Resource("networking.istio.io/v1", "VirtualService", new JsonObject
        {
            ["hosts"] = new JsonArray(Host),
            ["http"] = new JsonArray(http),
        });
    }

    /// <summary>The DestinationRule with one subset per version of the shift, selected by the <c>version</c> label.</summary>
    public JsonObject DestinationRule(IEnumerable<string> versions)
    {
        var subsets = new JsonArray();
        foreach (var version in versions)
        {
            subsets.Add(new JsonObject { ["name"] = version, ["labels"] = new JsonObject { ["version"] = version } });
        }

        return Resource("networking.istio.io/v1", "DestinationRule", new JsonObject { ["host"] = Host, ["subsets"] = subsets });
    }

    /// <summary>The resources to apply as one request body (a JSON array).</summary>
    public string ToJson(IEnumerable<string>? subsetVersions) =>
        (subsetVersions is null ? new JsonArray(VirtualService()) : new JsonArray(DestinationRule(subsetVersions), VirtualService()))
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>A one-line summary for messages, e.g. <c>v1 50%, v3 50%; delay 2s to 50%</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Shift is not null)
        {
            parts.Add(string.Join(", ", Shift.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Version} {w.Weight}%"))));
        }

        if (Delay is { } delay)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"delay {IstioDuration.Format(delay.Duration)} to {delay.Percentage}%"));
        }

        if (Abort is { } abort)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"abort {abort.Status} to {abort.Percentage}%"));
        }

        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }

    private JsonObject Resource(string apiVersion, string kind, JsonObject spec) => new()
    {
        ["apiVersion"] = apiVersion,
        ["kind"] = kind,
        ["metadata"] = new JsonObject
        {
            ["name"] = ResourceName,
            ["namespace"] = Namespace,
            ["labels"] = new JsonObject { [ManagedByLabel] = ManagedByValue },
        },
        ["spec"] = spec,
    };
}

/// <summary>One version's share of a traffic shift.</summary>
internal readonly record struct VersionWeight(string Version, int Weight);

/// <summary>A fixed delay injected into a share of requests.</summary>
internal sealed record DelayFault(TimeSpan Duration, double Percentage);

/// <summary>An HTTP status returned instead of calling the service, for a share of requests.</summary>
internal sealed record AbortFault(int Status, double Percentage);
