using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Certificates;

/// <summary>Rejects certificate settings the authority cannot work with, at start-up.</summary>
internal sealed class CertificateOptionsValidator : IValidateOptions<CertificateOptions>
{
    /// <summary>Shorter tokens are guessable; Mesh.Hosting makes much longer ones.</summary>
    public const int MinimumTokenLength = 16;

    public ValidateOptionsResult Validate(string? name, CertificateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        if (options.CertificateLifetime < MeshCertificateAuthority.MinimumLifetime)
        {
            failures.Add(Format(
                "{0}:{1} must be at least {2} (certificates are back-dated {3} for clock skew, and sidecars renew at half-life); it is {4}.",
                CertificateOptions.SectionName,
                nameof(options.CertificateLifetime),
                MeshCertificateAuthority.MinimumLifetime,
                MeshCertificateAuthority.ClockSkew,
                options.CertificateLifetime));
        }

        Dictionary<string, int> tokens = new(StringComparer.Ordinal);
        for (var i = 0; i < options.Workloads.Count; i++)
        {
            var workload = options.Workloads[i];
            if (string.IsNullOrEmpty(workload.Token))
            {
                continue;
            }

            var key = Format("{0}:Workloads:{1}", CertificateOptions.SectionName, i);
            if (string.IsNullOrEmpty(workload.Name))
            {
                failures.Add(Format("{0}:Name is required: a token is for one named workload.", key));
            }

            if (workload.Token.Length < MinimumTokenLength)
            {
                failures.Add(Format("{0}:Token (workload '{1}') must be at least {2} characters.", key, workload.Name, MinimumTokenLength));
            }

            // Never echo a token: the messages reach logs.
            if (!tokens.TryAdd(workload.Token, i))
            {
                failures.Add(Format(
                    "{0}:Token (workload '{1}') is the same as {2}:Workloads:{3}:Token (workload '{4}'); each workload needs its own.",
                    key, workload.Name, CertificateOptions.SectionName, tokens[workload.Token], options.Workloads[tokens[workload.Token]].Name));
            }

            var identity = WorkloadIdentity.FromDeclared(workload);
            if (!identity.Spiffe.IsValid)
            {
                failures.Add(Format(
                    "{0} (workload '{1}'): namespace '{2}' and service account '{3}' must be non-empty and use only letters, digits, '.', '-' and '_', to form a SPIFFE ID.",
                    key, workload.Name, identity.Namespace, identity.ServiceAccount));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Format(string format, params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, format, args);
}
