using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mesh.Bench.Topology;
using Mesh.Model.Conventions;

namespace Mesh.Bench.Startup;

/// <summary>
/// Times the benchmark topology's real sidecar (<see cref="Programs.Sidecar"/>, the build Mesh.Hosting ships) as it
/// starts beside a running control plane: from starting the process to its admin port accepting, and from the control
/// plane's first answer (seen by a <see cref="FirstAnswerRelay"/> between them) to <c>/readyz</c> answering 200. Each start
/// is a new workload (a fresh registration), as when an AppHost starts a sidecar.
/// </summary>
internal static class SidecarStartup
{
    // Poll fast: the figures are judged against 100 ms, and each is late by up to one interval.
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Starts the benchmark's sidecar <paramref name="starts"/> times, and each variant's (<c>--variant NAME=DIR</c>,
    /// <c>--variant-env</c>) as often, taking turns, so the machine's noise falls on all of them alike.
    /// </summary>
    /// <returns>The starts of each build, the benchmark's own under <see cref="DefaultBuild"/>.</returns>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<SidecarStart>>> MeasureAsync(int starts, IReadOnlyList<SidecarVariant> variants,
        TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(log);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var backendPort = Programs.FreePort();
        using var backend = ChildProcess.Start("backend", Programs.DotnetHost, [Programs.Backend, Invariant(backendPort), "1024"], []);
        var controlPlanePort = Programs.FreePort();
        var program = Programs.ControlPlane;
        IReadOnlyList<(string Name, MeshProgram Program, IReadOnlyDictionary<string, string> Environment)> builds =
        [
            (DefaultBuild, Programs.Sidecar, new Dictionary<string, string>()),
            .. variants.Select(v => (v.Name, v.Program(Programs.Sidecar), v.Environment)),
        ];
        // The control plane admits only declared workloads: each start's workload is declared up front with its token.
        var tokens = Enumerable.Range(0, starts * builds.Count).Select(_ => BenchWorkloads.NewToken()).ToArray();
        using var controlPlane = ChildProcess.Start("control-plane", program.Command, program.Arguments,
            [new("ASPNETCORE_URLS", $"http://localhost:{Invariant(controlPlanePort)}"), new("OTEL_SERVICE_NAME", "mesh"),
             .. tokens.SelectMany((token, i) => BenchWorkloads.Declare(i, WorkloadName(i), token))], program.Directory);
        await UntilAsync(controlPlane, ct => IsOkAsync(http, new Uri($"http://127.0.0.1:{Invariant(controlPlanePort)}/healthz"), ct), cancellationToken);
        await UntilAsync(backend, _ => Task.FromResult(backend.FirstLine.IsCompleted), cancellationToken);

        var samples = builds.ToDictionary(b => b.Name, _ => new List<SidecarStart>());
        for (var i = 0; i < starts; i++)
        {
            // Each round starts the builds in another order: none is always the one started right after another's exit.
            for (var turn = 0; turn < builds.Count; turn++)
            {
                var build = builds[(i + turn) % builds.Count];
                var index = (i * builds.Count) + turn;
                var sample = await StartOneAsync(http, index, tokens[index], controlPlanePort, $"http://localhost:{Invariant(backendPort)}", build.Program,
                    build.Environment, cancellationToken);
                var label = build.Name == DefaultBuild ? string.Empty : $" [{build.Name}]";
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"sidecar start {i + 1}/{starts}{label}: listening after {sample.ListeningMs:0.0} ms, ready after {sample.ReadyMs:0.0} ms, {sample.ReadyAfterAnswerMs:0.0} ms after the control plane's first answer"));
                samples[build.Name].Add(sample);
            }
        }

        return samples.ToDictionary(p => p.Key, p => (IReadOnlyList<SidecarStart>)p.Value);
    }

    /// <summary>The name the benchmark's own sidecar build is measured under.</summary>
    public const string DefaultBuild = "";

    private static async Task<SidecarStart> StartOneAsync(HttpClient http, int index, string token, int controlPlanePort, string app, MeshProgram program,
        IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        using var relay = FirstAnswerRelay.Start(controlPlanePort, TimeProvider.System);
        var admin = Programs.FreePort();
        var workload = WorkloadName(index);
        var readyz = new Uri($"http://127.0.0.1:{Invariant(admin)}/readyz");
        var startedAt = TimeProvider.System.GetTimestamp();
        using var sidecar = BenchTopology.StartSidecar($"{workload}-sidecar", program, environment,
            $"http://127.0.0.1:{Invariant(relay.Port)}", workload, app, Programs.FreePort(), admin, upstream: null, outboundPort: null, token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        try
        {
            return await ReadinessTiming.MeasureAsync(TimeProvider.System, startedAt,
                ct => Running(sidecar, AcceptsAsync(admin, ct)), ct => Running(sidecar, IsOkAsync(http, readyz, ct)),
                () => relay.FirstAnswer, s_poll, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{sidecar.Name} was not ready within {s_startTimeout.TotalSeconds} s. Its last output:{Environment.NewLine}{sidecar.Tail()}");
        }
    }

    private static string WorkloadName(int index) => $"startup-{Invariant(index)}";

    private static async Task<bool> Running(ChildProcess process, Task<bool> probe)
    {
        process.ThrowIfExited();
        return await probe;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<bool> IsOkAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static async Task UntilAsync(ChildProcess process, Func<CancellationToken, Task<bool>> condition, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        try
        {
            while (!await Running(process, condition(timeout.Token)))
            {
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{process.Name} was not up within {s_startTimeout.TotalSeconds} s. Its last output:{Environment.NewLine}{process.Tail()}");
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
