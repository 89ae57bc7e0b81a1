using Mesh.Model.Compilation;
using Mesh.Model.Registry;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Inbound.Authorization;
using Mesh.Sidecar.Outbound.Logical;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// Builds evaluators from Istio YAML through the real model pipeline (read, validate, compile for the sidecar of
/// Bookinfo's <c>details-v1</c> in namespace <c>default</c>) and requests to evaluate.
/// </summary>
internal static class Authz
{
    /// <summary>The principal of Istio's <c>sleep</c> client in namespace <c>default</c>.</summary>
    public const string Sleep = "cluster.local/ns/default/sa/sleep";

    private static readonly WorkloadRegistration s_details = MeshConfig.Workload("details-v1", new Uri("http://127.0.0.1:9080"));

    /// <summary>The policies of <paramref name="yaml"/> that apply to <c>details-v1</c>, as pushed to its sidecar.</summary>
    public static IReadOnlyList<AuthorizationPolicyConfig> Policies(string yaml) =>
        MeshConfig.Snapshot("1", yaml, s_details, []).Config!.Inbound.AuthorizationPolicies;

    public static AuthorizationEvaluator Evaluator(params string[] yaml) => new(Policies(string.Join("\n---\n", yaml)));

    /// <summary>Evaluates <paramref name="request"/> against the policies of <paramref name="yaml"/>.</summary>
    public static AuthorizationDecision Evaluate(string yaml, RequestAttributes request) => Evaluator(yaml).Evaluate(request);

    /// <summary>
    /// A request to <c>details</c> on port 9080; the caller's namespace is taken from <paramref name="from"/> (null: a
    /// plain-text caller).
    /// </summary>
    public static RequestAttributes Request(
        string? from = Sleep, string method = "GET", string path = "/", string host = "details", int port = 9080, IHeaderDictionary? headers = null) =>
        new(from, NamespaceOf(from), method, path, host, port, headers ?? new HeaderDictionary());

    /// <summary>
    /// The caller's namespace for principal <paramref name="principal"/>, read as the sidecar reads it from a
    /// certificate's SPIFFE identity; null for a plain-text caller or a principal that is no workload identity.
    /// </summary>
    public static string? NamespaceOf(string? principal) =>
        principal is not null && SpiffeIdentity.TryParse("spiffe://" + principal, out var identity) ? identity.Namespace : null;

    /// <summary>
    /// The deciding policy expected of a workload whose only ALLOW policy is <paramref name="policy"/>: the policy when it
    /// allowed, else the denial that names it as the ALLOW policy that did not match.
    /// </summary>
    public static string Decider(bool allowed, string policy) => allowed ? policy : $"no ALLOW policy matched ({policy})";

    /// <summary>The part of a decision every case asserts: allowed or not, and the policy that decided.</summary>
    public static (bool Allowed, string? Policy) Outcome(AuthorizationDecision decision) => (decision.Allowed, decision.DecidingPolicy);
}
