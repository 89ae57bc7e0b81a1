using System.Diagnostics.CodeAnalysis;
using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Mesh.Sidecar.Identity;

/// <summary>
/// A workload identity, <c>spiffe://cluster.local/ns/&lt;namespace&gt;/sa/&lt;serviceAccount&gt;</c>, as the mesh CA writes it into
/// a certificate's URI subject alternative name.
/// </summary>
internal sealed record SpiffeIdentity(string TrustDomain, string Namespace, string ServiceAccount)
{
    private const string Scheme = "spiffe://";

    /// <summary>Istio's trust domain when none is configured.</summary>
    public const string DefaultTrustDomain = "cluster.local";

    /// <summary>The SPIFFE URI.</summary>
    public string Uri => $"{Scheme}{Principal}";

    /// <summary>Istio's principal, the URI without <c>spiffe://</c>: what AuthorizationPolicy <c>principals</c> name.</summary>
    public string Principal => $"{TrustDomain}/ns/{Namespace}/sa/{ServiceAccount}";

    /// <summary>The identity of a workload in the default trust domain.</summary>
    public static SpiffeIdentity For(string ns, string serviceAccount) => new(DefaultTrustDomain, ns, serviceAccount);

    /// <summary>Parses <c>spiffe://&lt;trust domain&gt;/ns/&lt;ns&gt;/sa/&lt;sa&gt;</c>; anything else is not a workload identity.</summary>
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
