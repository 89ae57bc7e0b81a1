using System.Globalization;
using Mesh.Bench.Topology;
using Mesh.Model.Conventions;

namespace Mesh.Bench;

/// <summary>The benchmark's settings; every one has a command-line option (see <see cref="Usage"/>).</summary>
internal sealed record BenchSettings
{
    /// <summary>Open-loop rates in requests per second; 1000 is the one Istio publishes.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [200, 500, 1000, 2000];

    /// <summary>Measured time of each open-loop run.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Discarded lead-in of each run, at the run's own rate: opens the client's connections.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Repetitions of the whole matrix; the tables show medians across them.</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>Closed-loop runs for maximum throughput.</summary>
    public bool MaxThroughput { get; init; } = true;

    /// <summary>Concurrent connections (and requests) of the closed-loop runs.</summary>
    public int Connections { get; init; } = 16;

    /// <summary>Measured time of each closed-loop run.</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Discarded closed-loop load on every path before the first run, so every process is JIT-compiled.</summary>
    public TimeSpan InitialWarmup { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The paths to measure (<c>nginx</c> is left out when nginx is not installed).</summary>
    public IReadOnlyList<string> Paths { get; init; } = BenchPath.All;

    /// <summary>Extra environment for both sidecars, e.g. runtime knobs under trial.</summary>
    public IReadOnlyDictionary<string, string> SidecarEnvironment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Extra pairs of sidecars measured in the same run as the default pair (their paths are named
    /// <c>sidecar@NAME</c> and <c>mesh@NAME</c>), for A/B trials that the same noise hits alike.
    /// </summary>
    public IReadOnlyList<SidecarVariant> Variants { get; init; } = [RouteTableVariant.Create()];

    /// <summary>Where latest.md and latest.json go.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("bench", "results");

    /// <summary>A free-text label stored with the results (e.g. what was being tried).</summary>
    public string? Label { get; init; }

    /// <summary>The parts to run; all unless some are named (<c>--paths</c> names the data path).</summary>
    public BenchSections Sections { get; init; } = BenchSections.All;

    /// <summary>End to end: discarded closed-loop load on front before the measured window.</summary>
    public TimeSpan EndToEndWarmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>End to end: the measured window.</summary>
    public TimeSpan EndToEndDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>End to end: requests in flight (the issue's measurement used 4).</summary>
    public int EndToEndInFlight { get; init; } = 4;

    /// <summary>Start-up: product pages asked for in each run once start-up is over.</summary>
    public int StartupPages { get; init; } = 20;

    /// <summary>Start-up: times the benchmark sidecar is started beside a running control plane.</summary>
    public int SidecarStarts { get; init; } = 10;

    public const string Usage = """
        Mesh data-path benchmark. Normally run through bench/run.sh, which builds it in Release first.

          --rates 200,500,1000,2000   open-loop rates (requests/s)
          --duration 5                measured seconds per open-loop run
          --warmup 1                  discarded seconds before each run
          --reps 3                    repetitions of every part (medians are reported)
          --connections 16            closed-loop connections for maximum throughput
          --max-duration 4            measured seconds per closed-loop run
          --no-max                    skip the maximum-throughput runs
          --paths direct,sidecar,mesh,mtls,nginx,grpc-direct,grpc-mtls
                                      the paths to measure (default all; mtls is the mesh path with
                                      mutual TLS between the sidecars, reported against mesh;
                                      grpc-mtls is gRPC unary calls through a mutual-TLS pair,
                                      reported against grpc-direct)
          --sidecar-env KEY=VALUE     extra environment for both sidecars (repeatable)
          --variant NAME[=DIR]        also measure a second sidecar pair (paths sidecar@NAME, mesh@NAME),
                                      from the sidecar build in DIR (default: the same build); the pair
                                      'routes' (a representative route table) is always measured; with
                                      --startup the variant's sidecar is also started in turn with the own
          --variant-env NAME:KEY=VALUE  extra environment for that pair (repeatable)
          --label TEXT                stored with the results
          --out DIR                   output folder (default bench/results)
          --quick                     one repetition of short runs, for a look

        What runs (all three unless some are named; --paths names the data path):
          --data-path                 the paths above
          --e2e                       the end-to-end pair: bench/E2E/E2E.AppHost under `dotnet run`,
                                      with and without the mesh, closed loop on front
          --startup                   the start-up timeline: MeshHost.AppHost under `dotnet run`
                                      (time to a complete product page, each resource's start, the
                                      first pages), and the sidecar's own start
          --e2e-warmup 5              discarded seconds of load on front
          --e2e-duration 10           measured seconds on front
          --e2e-inflight 4            requests in flight on front
          --startup-pages 20          product pages asked for after start-up, each run
          --sidecar-starts 10         starts of the benchmark sidecar to time
        """;

    public static BenchSettings Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = new BenchSettings();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var named = BenchSections.None;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            BenchSettings Run(BenchSections section)
            {
                named |= section;
                return settings;
            }

            settings = name switch
            {
                "--rates" => settings with { Rates = [.. Value().Split(',').Select(Number)] },
                "--duration" => settings with { Duration = Seconds(Value()) },
                "--warmup" => settings with { Warmup = Seconds(Value()) },
                "--reps" => settings with { Repetitions = (int)Number(Value()) },
                "--connections" => settings with { Connections = (int)Number(Value()) },
                "--max-duration" => settings with { MaxDuration = Seconds(Value()) },
                "--no-max" => settings with { MaxThroughput = false },
                "--paths" => Run(BenchSections.DataPath) with { Paths = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--data-path" => Run(BenchSections.DataPath),
                "--e2e" => Run(BenchSections.EndToEnd),
                "--startup" => Run(BenchSections.Startup),
                "--e2e-warmup" => settings with { EndToEndWarmup = Seconds(Value()) },
                "--e2e-duration" => settings with { EndToEndDuration = Positive(name, Seconds(Value())) },
                "--e2e-inflight" => settings with { EndToEndInFlight = Count(name, Value()) },
                "--startup-pages" => settings with { StartupPages = Count(name, Value()) },
                "--sidecar-starts" => settings with { SidecarStarts = Count(name, Value()) },
                "--sidecar-env" => AddEnvironment(settings, environment, Value()),
                "--variant" => AddVariant(settings, Value()),
                "--variant-env" => AddVariantEnvironment(settings, Value()),
                "--label" => settings with { Label = Value() },
                "--out" => settings with { OutputDirectory = Value() },
                "--quick" => settings with
                {
                    Repetitions = 1, Duration = TimeSpan.FromSeconds(2), MaxDuration = TimeSpan.FromSeconds(2), InitialWarmup = TimeSpan.FromSeconds(2),
                    EndToEndWarmup = TimeSpan.FromSeconds(2), EndToEndDuration = TimeSpan.FromSeconds(3), StartupPages = 5, SidecarStarts = 3,
                },
                _ => throw new ArgumentException($"Unknown option '{name}'.{Environment.NewLine}{Usage}"),
            };
        }

        settings = settings with { Sections = named == BenchSections.None ? BenchSections.All : named };

        foreach (var path in settings.Paths)
        {
            if (!BenchPath.All.Contains(path))
            {
                throw new ArgumentException($"Unknown path '{path}'; the paths are {string.Join(", ", BenchPath.All)}.");
            }
        }

        return settings;
    }

    private static BenchSettings AddVariant(BenchSettings settings, string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var name = equals < 0 ? text : text[..equals];
        var directory = equals < 0 ? null : Path.GetFullPath(text[(equals + 1)..]);
        return settings with { Variants = [.. settings.Variants, new SidecarVariant(name, directory, new Dictionary<string, string>(StringComparer.Ordinal))] };
    }

    private static BenchSettings AddVariantEnvironment(BenchSettings settings, string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var variant = colon > 0 ? settings.Variants.FirstOrDefault(v => v.Name == text[..colon]) : null;
        if (variant is null || equals < colon)
        {
            throw new ArgumentException($"--variant-env takes NAME:KEY=VALUE for a NAME given with --variant first (got '{text}').");
        }

        ((Dictionary<string, string>)variant.Environment)[text[(colon + 1)..equals]] = text[(equals + 1)..];
        return settings;
    }

    private static BenchSettings AddEnvironment(BenchSettings settings, Dictionary<string, string> environment, string pair)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--sidecar-env takes KEY=VALUE (got '{pair}').");
        }

        environment[pair[..equals]] = pair[(equals + 1)..];
        return settings with { SidecarEnvironment = environment };
    }

    private static double Number(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
        ? number
        : throw new ArgumentException($"'{text}' is not a number.");

    private static int Count(string option, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new ArgumentException($"{option} takes a whole number of at least 1 (got '{text}').");

    private static TimeSpan Positive(string option, TimeSpan value) => value > TimeSpan.Zero
        ? value
        : throw new ArgumentException($"{option} takes a number of seconds above 0 (got {value.TotalSeconds.ToString(CultureInfo.InvariantCulture)}).");

    private static TimeSpan Seconds(string text) => TimeSpan.FromSeconds(Number(text));
}

/// <summary>
/// A second pair of sidecars: another build (<paramref name="ProgramDirectory"/>), other environment, or mesh
/// configuration (<paramref name="MeshConfig"/>, Istio YAML for the pair's service, applied by the control plane).
/// </summary>
internal sealed record SidecarVariant(string Name, string? ProgramDirectory, IReadOnlyDictionary<string, string> Environment, string? MeshConfig = null)
{
    /// <summary>The variant's sidecar: the build in <see cref="ProgramDirectory"/>, or <paramref name="own"/> when it names none.</summary>
    public MeshProgram Program(MeshProgram own) => ProgramDirectory is null ? own : Programs.Find(ProgramDirectory, "Mesh.Sidecar");
}
