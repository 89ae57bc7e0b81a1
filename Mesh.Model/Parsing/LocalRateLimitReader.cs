using Mesh.Model.Resources;

namespace Mesh.Model.Parsing;

/// <summary>Reads a <c>LocalRateLimit</c>'s <c>spec</c> (schema in Mesh.Model/README.md).</summary>
internal static class LocalRateLimitReader
{
    public static LocalRateLimitSpec Read(YamlObject o) => new()
    {
        Selector = o.Object("selector", CommonReaders.WorkloadSelector),
        TargetRef = o.Object("targetRef", CommonReaders.TargetReference),
        TokenBucket = o.Object("tokenBucket", static t => new TokenBucket
        {
            MaxTokens = t.Int("maxTokens"),
            TokensPerFill = t.Int("tokensPerFill"),
            FillInterval = t.Duration("fillInterval"),
        }),
        PerSource = o.Bool("perSource") ?? false,
        Paths = o.Object("match", static m => new Match(m.ObjectList("paths", CommonReaders.StringMatch)))?.Paths ?? [],
    };

    private sealed record Match(IReadOnlyList<StringMatch> Paths);
}
