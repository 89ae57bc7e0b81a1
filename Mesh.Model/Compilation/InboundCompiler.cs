using Mesh.Model.Conventions;
using Mesh.Model.Resources;
using Mesh.Model.Snapshots;

namespace Mesh.Model.Compilation;

/// <summary>Compiles the proxy workload's inbound policies: PeerAuthentication, authorization, rate limits.</summary>
internal static class InboundCompiler
{
    public static InboundConfig Compile(CompileContext context) => new()
    {
        PeerAuthentication = PeerAuthentication(context),
        AuthorizationPolicies = AuthorizationCompiler.Compile(context),
        RateLimits = RateLimits(context),
    };

    /// <summary>
    /// Istio's precedence: a policy selecting the workload beats the namespace's policy, which beats the mesh's
    /// (the root namespace, <c>istio-system</c>). <c>UNSET</c> inherits from the next level; with nothing set the
    /// mode is <c>PERMISSIVE</c>. Several at one level: the first by name applies (the validator warns).
    /// </summary>
    internal static PeerAuthenticationConfig PeerAuthentication(CompileContext context)
    {
        var proxy = context.Proxy;
        var all = context.Of<PeerAuthentication>().ToList();
        var workload = all.FirstOrDefault(p => p.Metadata.Namespace == proxy.Namespace && p.Metadata.Namespace != ResourceKinds.RootNamespace
            && p.Spec.Selector is { MatchLabels.Count: > 0 } selector && Labels.Contain(proxy.Labels, selector.MatchLabels));
        var ns = all.FirstOrDefault(p => p.Metadata.Namespace == proxy.Namespace && p.Spec.Selector is not { MatchLabels.Count: > 0 });
        var mesh = all.FirstOrDefault(p => p.Metadata.Namespace == ResourceKinds.RootNamespace && p.Spec.Selector is not { MatchLabels.Count: > 0 });

        var (mode, source) = (MtlsMode.Permissive, (PeerAuthentication?)null);
        foreach (var candidate in (ReadOnlySpan<PeerAuthentication?>)[workload, ns, mesh])
        {
            if (candidate is { Spec.Mtls: not MutualTlsMode.Unset })
            {
                (mode, source) = (Mode(candidate.Spec.Mtls, MtlsMode.Permissive), candidate);
                break;
            }
        }

        var ports = (workload?.Spec.PortLevelMtls ?? new Dictionary<int, MutualTlsMode>())
            .OrderBy(static p => p.Key)
            .Select(p => new PortMtlsConfig { Port = p.Key, Mode = Mode(p.Value, mode) })
            .ToList();
        return new PeerAuthenticationConfig { Mode = mode, Ports = ports, Source = source?.DisplayName };
    }

    private static MtlsMode Mode(MutualTlsMode mode, MtlsMode inherited) => mode switch
    {
        MutualTlsMode.Strict => MtlsMode.Strict,
        MutualTlsMode.Permissive => MtlsMode.Permissive,
        MutualTlsMode.Disable => MtlsMode.Disable,
        _ => inherited,
    };

    private static List<RateLimitConfig> RateLimits(CompileContext context)
    {
        var proxy = context.Proxy;
        var limits = new List<RateLimitConfig>();
        foreach (var limit in context.Of<LocalRateLimit>())
        {
            var spec = limit.Spec;
            var ns = limit.Metadata.Namespace;
            if (ns != proxy.Namespace || spec.TokenBucket is not { MaxTokens: { } maxTokens, FillInterval: { } fillInterval } bucket)
            {
                continue;
            }

            var applies = spec switch
            {
                { Selector: { } selector } => Labels.Contain(proxy.Labels, selector.MatchLabels),
                { TargetRef: { } target } => context.Catalog.ResolveHost(target.Name, target.Namespace ?? ns) is { } service
                    && string.Equals(service.Name, proxy.Service, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(service.Namespace, proxy.Namespace, StringComparison.OrdinalIgnoreCase),
                _ => true,
            };
            if (applies)
            {
                limits.Add(new RateLimitConfig
                {
                    Name = limit.Metadata.Name,
                    Namespace = ns,
                    MaxTokens = maxTokens,
                    TokensPerFill = bucket.TokensPerFill ?? 1,
                    FillInterval = fillInterval,
                    PerSource = spec.PerSource,
                    Paths = spec.Paths.Select(static p => MatchCompiler.From(p, whenEmpty: MatchCompiler.Present)!).ToList(),
                });
            }
        }

        return limits;
    }
}
