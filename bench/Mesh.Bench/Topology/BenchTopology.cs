using System.Diagnostics;
using System.Globalization;
using Mesh.Bench.Load;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Topology;

/// <summary>What to start.</summary>
/// <param name="Nginx">The nginx binary, or null to leave the nginx path out.</param>
/// <param name="SidecarEnvironment">Extra environment for both sidecars (runtime knobs to try, e.g. <c>DOTNET_TieredPGO=0</c>).</param>
/// <param name="BodyBytes">Size of the backend's response body.</param>
/// <param name="Variants">Extra sidecar pairs, each with its own paths.</param>
/// <param name="Measured">The base paths that will be measured; only they must answer before the topology is up (null: all).</param>
/// <param name="Sidecar">The sidecar build to run (default: the one copied beside the benchmark).</param>
/// <param name="ControlPlane">The control-plane build to run (default: the one copied beside the benchmark).</param>
internal sealed record TopologyOptions(string? Nginx, IReadOnlyDictionary<string, string> SidecarEnvironment, int BodyBytes = 1024,
    IReadOnlyList<SidecarVariant>? Variants = null, IReadOnlyCollection<string>? Measured = null,
    MeshProgram? Sidecar = null, MeshProgram? ControlPlane = null);

/// <summary>
/// Everything the paths need, each its own process on loopback: the backend; the real control plane; a
/// callee sidecar in front of the backend and a caller sidecar with an outbound listener for it, both
/// configured with the <c>Mesh__*</c> variables Mesh.Hosting writes and fed by the control plane; the same pair
/// again with bootstrap tokens, so its hop is mutual TLS (<see cref="MutualTlsPair"/>); two nginx servers chained
/// the same way; and for the gRPC paths, the backend's gRPC port and a mutual-TLS pair in front of it whose callee speaks
/// HTTP/2 to it (<c>Mesh__AppProtocol=http2</c>, as Mesh.Hosting sets for an <c>AsHttp2Service()</c> endpoint).
/// </summary>
internal sealed class BenchTopology : IDisposable
{
    /// <summary>The backend's workload (and service) name, and the caller's.</summary>
    public const string BackendWorkload = "backend";
    public const string CallerWorkload = "client";

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_recheckTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_checkTimeout = TimeSpan.FromSeconds(5);
    private readonly List<ChildProcess> _processes = [];
    private readonly List<BenchPath> _paths = [];
    private readonly string _directory;

    // The mutual-TLS pairs by path (mtls, grpc-mtls), those whose path is measured.
    private readonly Dictionary<string, (MutualTlsPair Pair, SidecarPair Sidecars)> _mutualTls = new(StringComparer.Ordinal);

    private BenchTopology(string directory) => _directory = directory;

    public IReadOnlyList<BenchPath> Paths => _paths;

    public ChildProcess Backend { get; private set; } = null!;

    public ChildProcess ControlPlane { get; private set; } = null!;

    /// <summary>The control plane's admin API (registry, resources, status).</summary>
    public Uri ControlPlaneUrl { get; private set; } = null!;

    /// <summary>Every process started, for the resource figures.</summary>
    public IReadOnlyList<ChildProcess> Processes => _processes;

    /// <summary>
    /// Checks again that the hop of <paramref name="path"/> (<c>mtls</c> or <c>grpc-mtls</c>) is mutual TLS
    /// (<see cref="MutualTlsCheck"/>; the topology checked it before it was up) and returns what the check saw; throws when it is not.
    /// </summary>
    public async Task<string> VerifyMutualTlsAsync(string path, CancellationToken cancellationToken)
    {
        var (pair, sidecars) = _mutualTls.TryGetValue(path, out var started)
            ? started
            : throw new InvalidOperationException($"The {path} pair was not started.");
        using var http = CheckClient();
        return await MutualTlsCheck.VerifyAsync(http, pair, sidecars.CallerAdmin, sidecars.Mesh, sidecars.Caller, sidecars.Callee, s_recheckTimeout, cancellationToken);
    }

    /// <summary>The mutual-TLS paths that were started.</summary>
    public IEnumerable<string> MutualTlsPaths => _mutualTls.Keys;

    public static async Task<BenchTopology> StartAsync(TopologyOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var directory = System.IO.Directory.CreateTempSubdirectory("mesh-bench-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // nginx workers drop to an unprivileged user; they must reach their temp folders.
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ED);
        }

        var topology = new BenchTopology(directory);
        try
        {
            await topology.StartAllAsync(options, log, cancellationToken);
            return topology;
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            _processes[i].Dispose();
        }

        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private async Task StartAllAsync(TopologyOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        using var http = CheckClient();
        var started = Stopwatch.GetTimestamp();

        bool Measured(string path) => options.Measured?.Contains(path) ?? true;
        var backendPort = Programs.FreePort();
        // The backend's gRPC port, only when a gRPC path is measured.
        var grpcPort = Measured(BenchPath.GrpcDirect) || Measured(BenchPath.GrpcMtls) ? Programs.FreePort() : 0;
        Backend = Track(ChildProcess.Start("backend", Programs.DotnetHost,
            [Programs.Backend, Invariant(backendPort), Invariant(options.BodyBytes), Invariant(grpcPort)], []));

        var mutualTls = new[] { BenchPath.Mtls, BenchPath.GrpcMtls }.Where(Measured).Select(MutualTlsPair.Create).ToList();
        var plain = new PlainPair("");
        var variantPairs = (options.Variants ?? []).ToDictionary(v => v.Name, v => new PlainPair($"-{v.Name}"), StringComparer.Ordinal);
        var controlPlanePort = Programs.FreePort();
        var controlPlaneUrl = $"http://localhost:{Invariant(controlPlanePort)}";
        ControlPlaneUrl = new Uri(controlPlaneUrl);
        var controlPlaneProgram = options.ControlPlane ?? Programs.ControlPlane;
        ControlPlane = Track(ChildProcess.Start("control-plane", controlPlaneProgram.Command, controlPlaneProgram.Arguments,
            [new("ASPNETCORE_URLS", controlPlaneUrl), new("OTEL_SERVICE_NAME", "mesh"), .. ControlPlaneConfiguration(options.Variants ?? [], [plain, .. variantPairs.Values], mutualTls)],
            controlPlaneProgram.Directory));

        var backendUrl = $"http://localhost:{Invariant(backendPort)}";
        var direct = new Uri($"http://127.0.0.1:{Invariant(backendPort)}/");
        _paths.Add(new BenchPath(BenchPath.Direct, BenchPath.TitleOf(BenchPath.Direct), direct, []));
        var sidecarProgram = options.Sidecar ?? Programs.Sidecar;
        AddPaths(StartSidecarPair(null, controlPlaneUrl, backendUrl, sidecarProgram, options.SidecarEnvironment, (plain.CalleeToken, plain.CallerToken)), null);
        if (mutualTls.FirstOrDefault(p => p.Name == BenchPath.Mtls) is { } httpPair)
        {
            // Only the two-sidecar path: a load generator's request straight to the callee is plain text, as on `sidecar`.
            AddMutualTlsPath(httpPair, StartSidecarPair(httpPair.Name, controlPlaneUrl, backendUrl, sidecarProgram, options.SidecarEnvironment,
                (httpPair.CalleeToken, httpPair.CallerToken)), grpc: false);
        }

        foreach (var variant in options.Variants ?? [])
        {
            var program = variant.Program(sidecarProgram);
            var environment = new Dictionary<string, string>(options.SidecarEnvironment, StringComparer.Ordinal);
            foreach (var (key, value) in variant.Environment)
            {
                environment[key] = value;
            }

            var variantPair = variantPairs[variant.Name];
            AddPaths(StartSidecarPair(variant.Name, controlPlaneUrl, backendUrl, program, environment, (variantPair.CalleeToken, variantPair.CallerToken)), variant.Name);
        }

        await WaitForAsync(Backend, () => Backend.FirstLine.IsCompleted, cancellationToken);
        await WaitForAsync(ControlPlane, () => IsOkAsync(http, $"{controlPlaneUrl}/healthz"), cancellationToken);

        if (options.Nginx is { } nginx)
        {
            var secondPort = Programs.FreePort();
            var firstPort = Programs.FreePort();
            var second = Track(Nginx.Start(nginx, "nginx-2", Path.Combine(_directory, "nginx-2"), secondPort, backendPort));
            var first = Track(Nginx.Start(nginx, "nginx-1", Path.Combine(_directory, "nginx-1"), firstPort, secondPort));
            var target = new Uri($"http://127.0.0.1:{Invariant(firstPort)}/");
            _paths.Add(new BenchPath(BenchPath.Nginx, BenchPath.TitleOf(BenchPath.Nginx), target, [first, second]));
        }

        if (grpcPort > 0)
        {
            var grpcUrl = $"http://localhost:{Invariant(grpcPort)}";
            _paths.Add(new BenchPath(BenchPath.GrpcDirect, BenchPath.TitleOf(BenchPath.GrpcDirect), new Uri($"http://127.0.0.1:{Invariant(grpcPort)}/"), [], Grpc: true));
            if (mutualTls.FirstOrDefault(p => p.Name == BenchPath.GrpcMtls) is { } grpcPair)
            {
                // The callee's sidecar forwards to the gRPC port with HTTP/2 (h2c), and probes it with gRPC's health protocol.
                var http2 = new Dictionary<string, string>(options.SidecarEnvironment, StringComparer.Ordinal) { [MeshSettings.Sidecar.AppProtocol] = "http2" };
                AddMutualTlsPath(grpcPair, StartSidecarPair(grpcPair.Name, controlPlaneUrl, backendUrl, sidecarProgram, options.SidecarEnvironment,
                    (grpcPair.CalleeToken, grpcPair.CallerToken), (grpcUrl, http2)), grpc: true);
            }
        }

        // Every path answers 200 once the control plane has seen the backend serving and pushed the caller
        // a snapshot with its endpoint (the sidecars report once a second).
        foreach (var path in _paths.Where(p => Measured(BenchPath.BaseOf(p.Name))))
        {
            await WaitForAsync(path.Proxies.Count > 0 ? path.Proxies : [Backend], () => AnswersAsync(http, path), cancellationToken);
        }

        // Answering is not enough for the mutual-TLS paths: each must be mutual TLS, or its row would measure plain text.
        foreach (var (name, (pair, sidecars)) in _mutualTls)
        {
            var seen = await MutualTlsCheck.VerifyAsync(http, pair, sidecars.CallerAdmin, sidecars.Mesh, sidecars.Caller, sidecars.Callee, s_startTimeout, cancellationToken);
            log.WriteLine($"{name}: the hop between the sidecars is mutual TLS. {seen}");
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Topology up in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s: {string.Join(", ", _paths.Select(p => $"{p.Name} {p.Target}"))}"));
    }

    /// <summary>
    /// The variants' mesh configuration as the AppHost passes it (inline YAML); every pair's workloads declared with their
    /// tokens, the plain pairs' callees kept plain text, the mutual-TLS pairs' left to auto mTLS.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string>> ControlPlaneConfiguration(
        IReadOnlyList<SidecarVariant> variants, IReadOnlyList<PlainPair> plainPairs, IReadOnlyList<MutualTlsPair> mutualTls)
    {
        var inline = 0;
        foreach (var variant in variants.Where(v => v.MeshConfig is not null))
        {
            yield return new(MeshSettings.ControlPlane.Inline(inline++), variant.MeshConfig!);
        }

        var declared = 0;
        foreach (var pair in plainPairs)
        {
            yield return new(MeshSettings.ControlPlane.Inline(inline++), pair.PlainTextPolicy);
            foreach (var variable in pair.ControlPlaneVariables(declared))
            {
                yield return variable;
            }

            declared += PlainPair.DeclaredWorkloads;
        }

        // The CA's root stays in memory (no Mesh__ControlPlane__StateDirectory): one run needs no other.
        foreach (var pair in mutualTls)
        {
            foreach (var variable in pair.ControlPlaneVariables(declared))
            {
                yield return variable;
            }

            declared += MutualTlsPair.DeclaredWorkloads;
        }
    }

    /// <summary>
    /// A callee sidecar in front of the backend and a caller sidecar with an outbound listener for the callee's
    /// service. A named pair gets its own services (<c>backend-NAME</c>, <c>client-NAME</c>), so its caller reaches
    /// its callee; each sidecar gets its bootstrap token (<c>Mesh__Token</c>). <paramref name="callee"/> points the callee's
    /// sidecar at another app address with its own environment (the gRPC pair: the backend's gRPC port, HTTP/2).
    /// </summary>
    private SidecarPair StartSidecarPair(string? name, string controlPlane, string backendUrl, MeshProgram program,
        IReadOnlyDictionary<string, string> extra, (string Callee, string Caller) tokens,
        (string App, IReadOnlyDictionary<string, string> Environment)? callee = null)
    {
        var suffix = name is null ? "" : $"-{name}";
        var service = BackendWorkload + suffix;
        var calleeInbound = Programs.FreePort();
        var callerOutbound = Programs.FreePort();
        var callerAdmin = Programs.FreePort();
        var calleeSidecar = Track(StartSidecar($"{service}-sidecar", program, callee?.Environment ?? extra, controlPlane, service, callee?.App ?? backendUrl,
            calleeInbound, Programs.FreePort(), upstream: null, outboundPort: null, tokens.Callee));
        // The caller's app is the load generator, which serves nothing; its sidecar probes the backend's
        // /health instead (one request a second), so the caller counts as a serving workload as in a real mesh.
        var caller = Track(StartSidecar($"{CallerWorkload}{suffix}-sidecar", program, extra, controlPlane, CallerWorkload + suffix, backendUrl,
            Programs.FreePort(), callerAdmin, service, callerOutbound, tokens.Caller));

        return new SidecarPair(caller, calleeSidecar,
            new Uri($"http://127.0.0.1:{Invariant(calleeInbound)}/"),
            new Uri($"http://127.0.0.1:{Invariant(callerOutbound)}/"),
            new Uri($"http://127.0.0.1:{Invariant(callerAdmin)}/"));
    }

    /// <summary>A mutual-TLS pair's one path, through both sidecars.</summary>
    private void AddMutualTlsPath(MutualTlsPair pair, SidecarPair sidecars, bool grpc)
    {
        _mutualTls[pair.Name] = (pair, sidecars);
        _paths.Add(new BenchPath(pair.Name, BenchPath.TitleOf(pair.Name), sidecars.Mesh, [sidecars.Caller, sidecars.Callee], grpc));
    }

    /// <summary>A pair's two paths: <c>sidecar</c> (to the callee) and <c>mesh</c> (through both), <c>@NAME</c> for a variant's.</summary>
    private void AddPaths(SidecarPair pair, string? variant)
    {
        var at = variant is null ? "" : $"@{variant}";
        _paths.Add(new BenchPath(BenchPath.Sidecar + at, BenchPath.TitleOf(BenchPath.Sidecar + at), pair.OneHop, [pair.Callee]));
        _paths.Add(new BenchPath(BenchPath.Mesh + at, BenchPath.TitleOf(BenchPath.Mesh + at), pair.Mesh, [pair.Caller, pair.Callee]));
    }

    /// <summary>Starts a sidecar with the variables <c>SidecarEnvironment.Write</c> (Mesh.Hosting) sets.</summary>
    internal static ChildProcess StartSidecar(string name, MeshProgram program, IReadOnlyDictionary<string, string> extra, string controlPlane,
        string workload, string app, int inbound, int admin, string? upstream, int? outboundPort, string token)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MeshSettings.Sidecar.ControlPlane] = controlPlane,
            [MeshSettings.Sidecar.Workload] = workload,
            [MeshSettings.Sidecar.Service] = workload,
            [MeshSettings.Sidecar.Version] = "v1",
            [MeshSettings.Sidecar.ServiceAccount] = workload,
            [MeshSettings.Sidecar.Namespace] = "default",
            [MeshSettings.Sidecar.App] = app,
            [MeshSettings.Sidecar.InboundPort] = Invariant(inbound),
            [MeshSettings.Sidecar.AdminPort] = Invariant(admin),
            // What WithOtlpExporter sets besides the endpoint; there is no dashboard to export to here.
            ["OTEL_SERVICE_NAME"] = name,
            [MeshSettings.Sidecar.Token] = token,
        };

        if (upstream is not null && outboundPort is { } port)
        {
            environment[MeshSettings.Sidecar.OutboundName(0)] = upstream;
            environment[MeshSettings.Sidecar.OutboundService(0)] = upstream;
            environment[MeshSettings.Sidecar.OutboundPort(0)] = Invariant(port);
        }

        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        // Started as Mesh.Hosting starts it, in the program's own folder.
        return ChildProcess.Start(name, program.Command, program.Arguments, environment, program.Directory);
    }

    private static HttpClient CheckClient() =>
        new(new SocketsHttpHandler { UseProxy = false }) { Timeout = s_checkTimeout };

    private ChildProcess Track(ChildProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private static Task WaitForAsync(ChildProcess process, Func<bool> condition, CancellationToken cancellationToken) =>
        WaitForAsync([process], () => Task.FromResult(condition()), cancellationToken);

    private static Task WaitForAsync(ChildProcess process, Func<Task<bool>> condition, CancellationToken cancellationToken) =>
        WaitForAsync([process], condition, cancellationToken);

    /// <summary>Waits for <paramref name="condition"/>; on a timeout, says what each of <paramref name="processes"/> wrote last.</summary>
    private static async Task WaitForAsync(IReadOnlyList<ChildProcess> processes, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(s_startTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            foreach (var process in processes)
            {
                process.ThrowIfExited();
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException(string.Join(Environment.NewLine, processes.Select((process, i) => i == 0
                    ? $"{process.Name} was not ready within {s_startTimeout.TotalSeconds} s. Its last output:{Environment.NewLine}{process.Tail()}"
                    : $"{process.Name}'s last output:{Environment.NewLine}{process.Tail()}")));
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Whether one request of the path's kind succeeds through it.</summary>
    private static async Task<bool> AnswersAsync(HttpClient http, BenchPath path)
    {
        if (!path.Grpc)
        {
            return await IsOkAsync(http, path.Target.ToString());
        }

        using var client = path.Load.Open(1);
        try
        {
            // As long as the HTTP paths' check waits (CheckClient), not the load's 30 s deadline.
            return await client.SendAsync(new RunErrors()).WaitAsync(s_checkTimeout);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task<bool> IsOkAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(url));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
