using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Model.Conventions;

/// <summary>
/// A workload identity, SPIFFE-shaped as Istio's: <c>spiffe://&lt;trust domain&gt;/ns/&lt;namespace&gt;/sa/&lt;service account&gt;</c>.
/// The control plane's CA writes it as a certificate's only URI subject alternative name; sidecars read it back
/// from their peers' certificates, and AuthorizationPolicy <c>principals</c> name it without <c>spiffe://</c>.
/// </summary>
/// <param name="TrustDomain">The trust domain, <see cref="DefaultTrustDomain"/> in this mesh.</param>
/// <param name="Namespace">The workload's namespace.</param>
/// <param name="ServiceAccount">The workload's service account.</param>
public sealed record SpiffeIdentity(string TrustDomain, string Namespace, string ServiceAccount)
{
    private const string Scheme = "spiffe://";

    /// <summary>Istio's default trust domain, so principals in Istio's policy files match unchanged.</summary>
    public const string DefaultTrustDomain = "cluster.local";

    /// <summary>The SPIFFE ID, e.g. <c>spiffe://cluster.local/ns/default/sa/bookinfo-reviews</c>.</summary>
    public string Uri => Scheme + Principal;

    /// <summary>Istio's principal, the SPIFFE ID without <c>spiffe://</c>: what AuthorizationPolicy <c>principals</c> name.</summary>
    public string Principal => $"{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>
    /// Whether the ID is one the SPIFFE standard allows: a trust domain of lower-case letters, digits, '.', '-' and '_',
    /// and path segments of letters, digits, '.', '-' and '_' that are not '.' or '..' alone.
    /// </summary>
    public bool IsValid =>
        !string.IsNullOrEmpty(TrustDomain)
        && TrustDomain.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_')
        && IsValidSegment(Namespace)
        && IsValidSegment(ServiceAccount);

    /// <summary>The identity of a workload in the mesh's trust domain.</summary>
    public static SpiffeIdentity For(string @namespace, string serviceAccount) => new(DefaultTrustDomain, @namespace, serviceAccount);

    /// <summary>Parses <c>spiffe://&lt;trust domain&gt;/ns/&lt;namespace&gt;/sa/&lt;service account&gt;</c>; anything else is not a workload identity.</summary>
    public static bool TryParse(string? uri, [NotNullWhen(true)] out SpiffeIdentity? identity)
    {
        identity = null;
        if (uri is null || !uri.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = uri[Scheme.Length..].Split('/');
        if (parts is not [{ Length: > 0 } domain, "ns", { Length: > 0 } ns, "sa", { Length: > 0 } account])
        {
            return false;
        }

        identity = new SpiffeIdentity(domain, ns, account);
        return true;
    }

    /// <summary>The identity in <paramref name="certificate"/>'s URI SANs; a certificate with none or several has no identity.</summary>
    public static SpiffeIdentity? Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        SpiffeIdentity? found = null;
        foreach (var extension in certificate.Extensions)
        {
            if (extension is not X509SubjectAlternativeNameExtension names)
            {
                continue;
            }

            foreach (var uri in Uris(names))
            {
                if (TryParse(uri, out var identity))
                {
                    if (found is not null)
                    {
                        return null; // SPIFFE: an X.509 SVID carries exactly one SPIFFE ID.
                    }

                    found = identity;
                }
            }
        }

        return found;
    }

    /// <summary>The SPIFFE ID.</summary>
    public override string ToString() => Uri;

    private static bool IsValidSegment(string? segment) =>
        !string.IsNullOrEmpty(segment)
        && segment is not "." and not ".."
        && segment.All(static c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    // .NET reads DNS names and IP addresses from a SAN extension but not URIs: GeneralName [6] IA5String (RFC 5280).
    private static List<string> Uris(X509SubjectAlternativeNameExtension extension)
    {
        var uris = new List<string>();
        try
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData)
            {
                if (names.PeekTag() == uriTag)
                {
                    uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return []; // A malformed extension names nobody.
        }

        return uris;
    }
}
