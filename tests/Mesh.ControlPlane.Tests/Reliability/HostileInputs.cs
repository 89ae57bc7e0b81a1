using System.Globalization;
using System.Text;

namespace Mesh.ControlPlane.Tests.Reliability;

/// <summary>
/// Configuration a user, a script or an attacker might send: each row is a body for the admin API and a fragment of
/// the message that must refuse it. Kept as data, apart from the test that sends them.
/// </summary>
internal static class HostileInputs
{
    /// <summary>The configuration in force before any hostile input: reviews' subsets, and reviews routed to v1.</summary>
    public const string LastGood = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec:
          host: reviews
          subsets:
          - {name: v1, labels: {version: v1}}
          - {name: v2, labels: {version: v2}}
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: [reviews]
          http:
          - route: [{destination: {host: reviews, subset: v1}}]
        """;

    /// <summary>
    /// A body past the admin API's 1 MiB (a config folder file may be up to Mesh.Model's 3 MiB): refused before it is read.
    /// </summary>
    public static byte[] OverOneMebibyte => Encoding.UTF8.GetBytes(Policy("big", "ALLOW", "[{}]") + "\n# " + new string('x', 1024 * 1024));

    /// <summary>Name → (body, a fragment of the refusal).</summary>
    public static IReadOnlyDictionary<string, (byte[] Body, string Refusal)> All { get; } = Build();

    private static Dictionary<string, (byte[] Body, string Refusal)> Build()
    {
        var inputs = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        void Add(string name, string body, string refusal) => inputs.Add(name, (Encoding.UTF8.GetBytes(body), refusal));

        // Size, depth, aliases, characters: refused before the YAML library builds anything.
        Add("open brackets, 100 KB", new string('[', 100_000), "nest more than 64 deep");
        Add("nested flow maps", string.Concat(Enumerable.Repeat("{a: ", 5_000)), "nest more than 64 deep");
        Add("nested block lists", string.Concat(Enumerable.Range(0, 100).Select(i => new string(' ', i * 2) + "-\n")), "nest more than 64 deep");
        Add("alias bomb in a List's extra keys", AliasBomb("apiVersion: v1\nkind: List\nitems: []\n"), "more than 200,000 nodes");
        Add("alias bomb under status", AliasBomb(VirtualService("bomb", "http: [{route: [{destination: {host: reviews}}]}]") + "\n", indent: "  "), "more than 200,000 nodes");
        Add("quarter of a million nodes", "[" + string.Join(",", Enumerable.Repeat("1", 250_000)) + "]", "more than 200,000 nodes");
        Add("map as a mapping key", "? {apiVersion: v1}\n: x\n", "a mapping key must be a string");
        Add("alias naming no anchor", VirtualService("alias", "http: *routes"), "names no anchor");
        inputs.Add("bytes that are not UTF-8", ([.. Encoding.UTF8.GetBytes(VirtualService("bytes", "http: [{route: [{destination: {host: revi")), 0xC3, 0x28, .. "ews}}]}]"u8], "U+FFFD"));
        Add("NUL character", VirtualService("nul", "http: [{route: [{destination: {host: \"revi\0ews\"}}]}]"), "control character U+0000");
        Add("bell character", VirtualService("bell", "http: [{route: [{destination: {host: revi\aews}}]}]"), "control character U+0007");
        Add("escaped surrogate half", VirtualService("surrogate", "http: [{route: [{destination: {host: \"\\ud800\"}}]}]"), "surrogates");
        Add("thousands of unknown fields", VirtualService("fields", "http: [{route: [{destination: {host: reviews}}]}]\n" +
            string.Concat(Enumerable.Range(0, 1_500).Select(i => $"  f{i}: 1\n"))), "more diagnostics not shown");

        // Syntax and shape.
        Add("unclosed bracket", VirtualService("unclosed", "hosts: [reviews"), "YAML syntax error");
        Add("tab indentation", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n\tname: tabs\n", "YAML syntax error");
        Add("duplicate key", VirtualService("dup", "hosts: [reviews]\n  hosts: [ratings]"), "Duplicate key");
        Add("scalar document", "hello", "expected a resource");
        Add("list of numbers", "[1, 2, 3]", "expected a resource");
        Add("empty body", "", "the body holds no resource");
        Add("comments only", "# nothing here\n---\n# nor here\n", "the body holds no resource");
        Add("JSON with trailing garbage", """{"apiVersion": "networking.istio.io/v1", "kind": "VirtualService"} }""", "YAML syntax error");
        Add("unknown kind", "apiVersion: networking.istio.io/v1\nkind: Ingress\nmetadata: {name: x}\n", "unknown kind \"Ingress\"");
        Add("unknown apiVersion", "apiVersion: networking.istio.io/v9\nkind: VirtualService\nmetadata: {name: x}\n", "is not a known apiVersion of VirtualService");
        Add("missing name", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {namespace: default}\nspec: {hosts: [reviews]}\n", "metadata.name");
        Add("kind List whose items are no list", "apiVersion: v1\nkind: List\nitems: 5\n", "the body holds no resource");
        Add("quoted weight", VirtualService("quoted", "http: [{route: [{destination: {host: reviews}, weight: \"100\"}]}]"), "expected an integer");
        Add("hosts as a string", VirtualService("hosts", "http: [{route: [{destination: {host: reviews}}]}]").Replace("hosts: [reviews]", "hosts: reviews", StringComparison.Ordinal), "expected a list of strings");
        Add("spec as a number", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: number}\nspec: 5\n", "expected an object");
        Add("weight past int", VirtualService("weight", "http: [{route: [{destination: {host: reviews}, weight: 99999999999}]}]"), "is too large");
        Add("typo in a field", VirtualService("typo", "http: [{route: [{destination: {host: reviews, subst: v1}}]}]"), "did you mean \"subset\"");

        // Regexes that .NET could run but RE2 refuses, or that would not run as validated.
        Add("extended-mode regex", Match("(?x)/api#x"), "the x flag (?x)");
        Add("backreference", Match(@"/(a)\1"), "a backreference");
        Add("lookahead", Match("/(?!admin).*"), "a lookahead");
        Add("lookbehind", Match("/.*(?<=x)"), "a lookbehind");
        Add("possessive quantifier", Match("/a*+"), "a possessive quantifier");
        Add("atomic group", Match("/(?>a+)"), "an atomic group");
        Add("conditional", Match("/(?(a)b|c)"), "a conditional");
        Add("POSIX class", Match("/[[:alpha:]]+"), "a POSIX class");
        Add("end or before a final newline", Match(@"/a\Z"), @"\Z");
        Add("regex longer than Istio takes", Match("/" + new string('a', 1_100)), "Istio takes at most 1024");
        Add("empty regex", Match(""), "an empty regex");
        Add("pattern that is no whole regex", Match("a)|(b"), "Too many )'s");
        Add("automaton too large", Match("(a{1000}){1000}"), "NonBacktracking");
        Add("regex in a rate limit's paths", RateLimit("fillInterval: 1s", "match: {paths: [{regex: '(?<=x)/ratings'}]}"), "a lookbehind");

        // Durations past what Istio reads, or that Istio refuses.
        Add("timeout past Go's limit", Route("timeout: 2562048h"), "longer than the longest duration Istio reads");
        Add("timeout past decimal's range", Route("timeout: 99999999999999999999999999999h"), "is not a duration");
        Add("negative timeout", Route("timeout: -1s"), "is negative");
        Add("per-try timeout finer than a millisecond", Route("retries: {attempts: 1, perTryTimeout: 1.5ms}"), "not a whole number of milliseconds");
        Add("fault delay below a millisecond", Route("fault: {delay: {fixedDelay: 100us, percentage: {value: 1}}}"), "is less than 1ms");
        Add("timeout without a unit", Route("timeout: 10"), "is not a duration");
        Add("outlier interval of zero", Rule("outlierDetection: {interval: 0s}"), "is less than 1ms");
        Add("rate limit filling faster than Envoy", RateLimit("fillInterval: 10ms", ""), "is less than 50ms");

        // Values out of range, references and conflicts.
        Add("second VirtualService for reviews", VirtualService("reviews-again", "http: [{route: [{destination: {host: reviews}}]}]"), "only one can apply");
        Add("route to an undefined subset", Route("", subset: "v9"), "subset");
        Add("weights adding up to 90", VirtualService("weights", "http: [{route: [{destination: {host: reviews, subset: v1}, weight: 60}, {destination: {host: reviews, subset: v2}, weight: 30}]}]"), "weights add up to 90");
        Add("same resource twice", Policy("twice", "ALLOW", "[{}]") + "\n---\n" + Policy("twice", "DENY", "[{}]"), "is also defined in document 1");
        Add("unknown host", VirtualService("unknown", "http: [{route: [{destination: {host: nowhere}}]}]").Replace("hosts: [reviews]", "hosts: [nowhere]", StringComparison.Ordinal), "names no known service");
        Add("too many routes", VirtualService("routes", "http:\n" + string.Concat(Enumerable.Repeat("  - route: [{destination: {host: reviews}}]\n", 257))), "257 routes");
        Add("too many rules", Policy("rules", "ALLOW", "[" + string.Join(", ", Enumerable.Repeat("{}", 257)) + "]"), "257 rules");
        Add("too many matches", HttpRoute("matches: [" + string.Join(", ", Enumerable.Range(0, 65).Select(i => $"{{path: {{value: /p{i}}}}}")) + "]"), "65 matches");
        Add("upper-case name", Policy("Shout", "ALLOW", "[{}]"), "is not a valid name");
        Add("invalid namespace", Policy("ns", "ALLOW", "[{}]").Replace("metadata: {name: ns}", "metadata: {name: ns, namespace: Not_A_Label}", StringComparison.Ordinal), "is not a valid namespace");
        Add("percentage over 100", Route("fault: {abort: {httpStatus: 503, percentage: {value: 250}}}"), "outside 0-100");
        Add("status outside HTTP's", Route("fault: {abort: {httpStatus: 999, percentage: {value: 1}}}"), "outside 200-599");
        Add("unknown mTLS mode", "apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default}\nspec: {mtls: {mode: SOMETIMES}}\n", "is not one of");
        Add("unknown policy action", Policy("action", "MAYBE", "[{}]"), "is not one of");
        return inputs;
    }

    private static string VirtualService(string name, string spec) =>
        "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: " + name + "}\nspec:\n  hosts: [reviews]\n  " + spec;

    private static string Route(string field, string subset = "v1") =>
        VirtualService("reviews", "http:\n  - route: [{destination: {host: reviews, subset: " + subset + "}}]\n    " + field);

    private static string Match(string regex) =>
        VirtualService("reviews", "http:\n  - match: [{uri: {regex: '" + regex + "'}}]\n    route: [{destination: {host: reviews, subset: v1}}]");

    private static string Rule(string policy) =>
        "apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: reviews\n" +
        "  subsets: [{name: v1, labels: {version: v1}}, {name: v2, labels: {version: v2}}]\n  trafficPolicy: {" + policy + "}\n";

    private static string Policy(string name, string action, string rules) =>
        "apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: " + name + "}\nspec: {action: " + action + ", rules: " + rules + "}\n";

    private static string RateLimit(string bucket, string match) =>
        "apiVersion: mesh.dev/v1alpha1\nkind: LocalRateLimit\nmetadata: {name: ratings}\nspec:\n  tokenBucket: {maxTokens: 1, " + bucket + "}\n  " + match + "\n";

    private static string HttpRoute(string matches) =>
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: ratings}\nspec:\n  parentRefs: [{group: \"\", kind: Service, name: ratings}]\n" +
        "  rules:\n  - " + matches + "\n    backendRefs: [{name: ratings, port: 9080}]\n";

    // Ten anchors, each a list of ten aliases of the one before: 10^10 nodes once expanded, in under 1 KB.
    private static string AliasBomb(string prefix, string indent = "")
    {
        var bomb = new StringBuilder(prefix);
        if (indent.Length > 0)
        {
            bomb.Append("status:\n");
        }

        bomb.Append(CultureInfo.InvariantCulture, $"{indent}a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            bomb.Append(CultureInfo.InvariantCulture, $"{indent}a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        return bomb.ToString();
    }
}
