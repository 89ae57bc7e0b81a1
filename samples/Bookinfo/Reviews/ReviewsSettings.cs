using System.Globalization;

namespace Bookinfo.Reviews;

/// <summary>
/// What distinguishes reviews v1, v2 and v3. Istio bakes ENABLE_RATINGS and STAR_COLOR into each image
/// from its version; here they derive from SERVICE_VERSION and each stays overridable on its own.
/// </summary>
internal sealed record ReviewsSettings(
    string Version, bool RatingsEnabled, string StarColor, TimeSpan RatingsTimeout, string PodName, string ClusterName)
{
    public static ReviewsSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var version = configuration["SERVICE_VERSION"] is { Length: > 0 } v ? v : "v1";

        // Istio parses ENABLE_RATINGS with Java's Boolean.valueOf: only "true", in any case, is true.
        var ratingsEnabled = configuration["ENABLE_RATINGS"] is { } enable
            ? string.Equals(enable, "true", StringComparison.OrdinalIgnoreCase)
            : version != "v1";
        var starColor = configuration["STAR_COLOR"] is { Length: > 0 } color ? color : version == "v3" ? "red" : "black";

        // Istio's reviews waits 10 s for ratings when its stars are black and 2.5 s otherwise; the fault
        // injection task's "bug" depends on these exact values.
        var ratingsTimeout = starColor == "black" ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(2500);

        // Istio reports the pod name (HOSTNAME in Kubernetes). Locally there is no pod, and HOSTNAME may be a
        // container id shared by every replica, so POD_NAME names it, else the version and process id do.
        var podName = configuration["POD_NAME"] is { Length: > 0 } pod
            ? pod
            : string.Create(CultureInfo.InvariantCulture, $"reviews-{version}-{Environment.ProcessId}");

        // Istio prints Java's "null" when CLUSTER_NAME is unset, and its productpage hides that value.
        var clusterName = configuration["CLUSTER_NAME"] is { Length: > 0 } cluster ? cluster : "null";

        return new(version, ratingsEnabled, starColor, ratingsTimeout, podName, clusterName);
    }
}
