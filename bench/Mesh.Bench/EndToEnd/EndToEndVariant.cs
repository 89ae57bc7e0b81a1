using System.Globalization;

namespace Mesh.Bench.EndToEnd;

/// <summary>The two ways bench/E2E/E2E.AppHost runs: with the mesh (each service gets a sidecar) and without.</summary>
internal static class EndToEndVariant
{
    public const string Direct = "direct";
    public const string Mesh = "mesh";

    /// <summary>Both, in the order of a first repetition.</summary>
    public static readonly string[] All = [Direct, Mesh];

    public static string TitleOf(string variant) => variant switch
    {
        Direct => "direct: front → back",
        Mesh => "mesh: front's sidecar → front → sidecar → sidecar → back",
        _ => variant,
    };

    /// <summary>The AppHost's arguments: the mesh's switch (Mesh.Hosting's <c>Mesh:Enabled</c>) and front's port.</summary>
    public static IReadOnlyList<string> Arguments(string variant, int frontPort) =>
    [
        $"--Mesh:Enabled={(variant == Mesh ? "true" : "false")}",
        $"--E2E:FrontPort={frontPort.ToString(CultureInfo.InvariantCulture)}",
    ];
}
