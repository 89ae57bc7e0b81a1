using Mesh.Model.Conventions;
using Mesh.Model.Registry;

namespace Mesh.ControlPlane.Registry;

/// <summary>A registration field that is wrong, named as it is in the JSON body.</summary>
internal sealed record RegistrationError(string Field, string Message);

/// <summary>Checks a sidecar's registration before it enters the registry.</summary>
internal static class RegistrationValidator
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>
    /// Fills in the defaults of fields the JSON left out. The source-generated deserializer sets an absent
    /// init-only property to <see langword="null"/> rather than keeping its initializer, so an omitted
    /// <c>namespace</c> or <c>labels</c> arrives as null; the contract says they default.
    /// </summary>
    public static WorkloadRegistration ApplyDefaults(WorkloadRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return registration.Namespace is not null && registration.Labels is not null
            ? registration
            : registration with
            {
                Namespace = registration.Namespace ?? "default",
                Labels = registration.Labels ?? NoLabels,
            };
    }

    /// <summary>Returns the first problem found, or <see langword="null"/> when the registration is valid.</summary>
    /// <param name="routeWorkload">The workload named in the request path.</param>
    /// <param name="registration">The request body.</param>
    public static RegistrationError? Validate(string routeWorkload, WorkloadRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);

        var missing = FirstEmpty(
            ("workload", registration.Workload),
            ("service", registration.Service),
            ("version", registration.Version),
            ("serviceAccount", registration.ServiceAccount),
            ("namespace", registration.Namespace),
            ("inboundAddress", registration.InboundAddress));
        if (missing is not null)
        {
            return new(missing, $"'{missing}' is required and must not be empty.");
        }

        if (!string.Equals(routeWorkload, registration.Workload, StringComparison.Ordinal))
        {
            return new("workload", $"'workload' is '{registration.Workload}' but the path names '{routeWorkload}'; they must be equal.");
        }

        if (!Uri.TryCreate(registration.InboundAddress, UriKind.Absolute, out var inbound)
            || (inbound.Scheme != Uri.UriSchemeHttp && inbound.Scheme != Uri.UriSchemeHttps))
        {
            return new("inboundAddress", $"'inboundAddress' must be an absolute http or https URL; it is '{registration.InboundAddress}'.");
        }

        // Every sidecar of a local mesh listens on this machine; an address elsewhere would send callers' traffic
        // (and their mutual-TLS handshakes) to a host the AppHost never started.
        if (!inbound.IsLoopback)
        {
            return new("inboundAddress", $"'inboundAddress' must be a loopback address (127.0.0.1, [::1] or localhost); it is '{registration.InboundAddress}'.");
        }

        if (registration.Labels is null)
        {
            return new("labels", "'labels' must be an object, not null.");
        }

        foreach (var label in registration.Labels)
        {
            if (string.IsNullOrWhiteSpace(label.Key) || label.Value is null)
            {
                return new("labels", "'labels' must have non-empty keys and non-null values.");
            }
        }

        return null;
    }

    /// <summary>
    /// The registration the registry keeps: workload, service, version, service account and namespace (and so the
    /// <c>app</c> and <c>version</c> labels subsets select by) as the AppHost declared them for the caller's token,
    /// never as the body claims them; the body says only where the sidecar listens and how it is doing.
    /// </summary>
    public static WorkloadRegistration FromDeclaration(DeclaredWorkloadOptions declared, WorkloadRegistration claimed)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(claimed);
        var labels = Labels.Sorted(claimed.Labels ?? NoLabels);
        labels["app"] = declared.Service;
        labels["version"] = declared.Version;
        return claimed with
        {
            Workload = declared.Name,
            Service = declared.Service,
            Version = declared.Version,
            ServiceAccount = declared.ServiceAccount ?? declared.Service,
            Namespace = declared.Namespace,
            Labels = labels,
        };
    }

    /// <summary>Each identity field whose claimed value differs from the declared one, for the log.</summary>
    public static IEnumerable<(string Field, string Claimed, string Declared)> Differences(WorkloadRegistration declared, WorkloadRegistration claimed)
    {
        ArgumentNullException.ThrowIfNull(declared);
        ArgumentNullException.ThrowIfNull(claimed);
        var fields = new (string Field, string Claimed, string Declared)[]
        {
            ("service", claimed.Service, declared.Service),
            ("version", claimed.Version, declared.Version),
            ("serviceAccount", claimed.ServiceAccount, declared.ServiceAccount),
            ("namespace", claimed.Namespace, declared.Namespace),
        };
        return fields.Where(static f => !string.Equals(f.Claimed, f.Declared, StringComparison.Ordinal));
    }

    private static string? FirstEmpty(params ReadOnlySpan<(string Field, string? Value)> fields)
    {
        foreach (var (field, value) in fields)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return field;
            }
        }

        return null;
    }
}
