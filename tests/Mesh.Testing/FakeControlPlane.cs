using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Mesh.Model.Conventions;
using Mesh.Model.Protocol;
using Mesh.Model.Registry;
using Mesh.Model.Snapshots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Mesh.Testing;

/// <summary>
/// A control plane small enough to reason about, speaking the real protocol on a loopback port: it keeps
/// each sidecar's stream open and writes snapshot (and ping) lines when the test says so, and records
/// registrations and reports.
/// </summary>
public sealed class FakeControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, Channel<string>> _streams = new();
    private readonly ConcurrentQueue<WorkloadRegistration> _registrations = new();
    private readonly ConcurrentQueue<(string Workload, SidecarReport Report)> _reports = new();
    private int _nextStream;
    private SidecarSnapshot? _latest;

    private FakeControlPlane(WebApplication app) => _app = app;

    /// <summary>The base URL sidecars are given.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every registration received (one per stream opened), in order.</summary>
    public IReadOnlyList<WorkloadRegistration> Registrations => [.. _registrations];

    /// <summary>Every report received, in order.</summary>
    public IReadOnlyList<(string Workload, SidecarReport Report)> Reports => [.. _reports];

    /// <summary>The <c>Authorization</c> header of every stream and report request, in order, as "route: value".</summary>
    public IReadOnlyList<string> Authorizations => [.. _authorizations];

    private readonly ConcurrentQueue<string> _authorizations = new();

    /// <summary>How many streams are open now.</summary>
    public int OpenStreams => _streams.Count;

    /// <summary>Whether a new stream first receives the latest pushed snapshot (true, as a real control plane does).</summary>
    public bool SendLatestOnConnect { get; set; } = true;

    /// <summary>The status code reports get; 404 tells a sidecar it is not registered.</summary>
    public int ReportStatusCode { get; set; } = StatusCodes.Status200OK;

    /// <summary>The CA behind <c>POST /v1/certificates</c>; a test replaces it to change the mesh's root.</summary>
    public TestCertificateAuthority Certificates { get; set; } = new();

    /// <summary>Bootstrap tokens: token → the SPIFFE URI a sidecar presenting it gets. Add before the sidecar starts.</summary>
    public ConcurrentDictionary<string, string> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Lifetime of the certificates issued; 24 h (the mesh's default) unless a test shortens it.</summary>
    public TimeSpan CertificateLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many certificates were issued.</summary>
    public int CertificatesIssued => Volatile.Read(ref _issued);

    private int _issued;

    /// <summary>Declares a workload identity and returns the token its sidecar must present (<c>Mesh:Token</c>).</summary>
    public string AddIdentity(string ns, string serviceAccount)
    {
        var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        Tokens[token] = TestCertificateAuthority.Spiffe(ns, serviceAccount);
        return token;
    }

    /// <summary>Starts on a loopback port; 0 picks a free one.</summary>
    public static async Task<FakeControlPlane> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var fake = new FakeControlPlane(app);
        app.MapPost(ControlPlaneRoutes.Stream, fake.StreamAsync);
        app.MapPost(ControlPlaneRoutes.Report, fake.ReportAsync);
        app.MapPost(ControlPlaneRoutes.Certificates, fake.SignAsync);
        await app.StartAsync();
        fake.BaseAddress = new Uri(app.Urls.First());
        return fake;
    }

    /// <summary>Makes <paramref name="snapshot"/> the latest and writes it to every open stream.</summary>
    public void PushSnapshot(SidecarSnapshot snapshot)
    {
        Volatile.Write(ref _latest, snapshot);
        Broadcast(SnapshotLine(snapshot));
    }

    /// <summary>Writes a ping line to every open stream.</summary>
    public void Ping() => Broadcast(JsonSerializer.Serialize(new StreamMessage { Type = StreamMessageTypes.Ping }, MeshJsonContext.Default.StreamMessage));

    /// <summary>Writes a raw line (e.g. malformed JSON) to every open stream.</summary>
    public void WriteLine(string line) => Broadcast(line);

    /// <summary>Ends every open stream cleanly, as a control plane that restarts would.</summary>
    public void EndStreams()
    {
        foreach (var stream in _streams.Values)
        {
            stream.Writer.TryComplete();
        }
    }

    /// <summary>Waits for a report from <paramref name="workload"/> that satisfies <paramref name="predicate"/>.</summary>
    public async Task<SidecarReport> WaitForReportAsync(string workload, Func<SidecarReport, bool> predicate, string what, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        SidecarReport? found = null;
        await Eventually.WaitUntilAsync(
            () =>
            {
                found = _reports.LastOrDefault(r => r.Workload == workload && predicate(r.Report)).Report;
                return found is not null;
            },
            what,
            timeout);
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        EndStreams();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificates.Dispose();
    }

    private async Task SignAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var body = await context.Request.ReadFromJsonAsync(MeshJsonContext.Default.CertificateSigningRequest, context.RequestAborted);
        // Sidecars send the credential derived from their token, as to the real control plane.
        var presented = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        var identity = Tokens.FirstOrDefault(t => WorkloadToken.Credential(t.Key) == presented).Value;
        if (identity is null || body is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var chain = Certificates.SignRequest(body.Csr, identity, CertificateLifetime, body.Workload);
        Interlocked.Increment(ref _issued);
        var now = DateTimeOffset.UtcNow;
        await context.Response.WriteAsJsonAsync(
            new CertificateSigningResponse { CertificateChain = chain, Root = Certificates.RootPem, NotBefore = now.AddMinutes(-1), NotAfter = now + CertificateLifetime },
            MeshJsonContext.Default.CertificateSigningResponse, contentType: null, context.RequestAborted);
    }

    private void Broadcast(string line)
    {
        foreach (var stream in _streams.Values)
        {
            stream.Writer.TryWrite(line);
        }
    }

    private static string SnapshotLine(SidecarSnapshot snapshot) =>
        JsonSerializer.Serialize(new StreamMessage { Type = StreamMessageTypes.Snapshot, Snapshot = snapshot }, MeshJsonContext.Default.StreamMessage);

    private async Task StreamAsync(HttpContext context)
    {
        _authorizations.Enqueue("stream: " + context.Request.Headers.Authorization);
        var registration = await context.Request.ReadFromJsonAsync(MeshJsonContext.Default.WorkloadRegistration, context.RequestAborted);
        if (registration is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        _registrations.Enqueue(registration);
        var id = Interlocked.Increment(ref _nextStream);
        var lines = Channel.CreateUnbounded<string>();
        if (SendLatestOnConnect && Volatile.Read(ref _latest) is { } latest)
        {
            lines.Writer.TryWrite(SnapshotLine(latest));
        }

        _streams[id] = lines;
        try
        {
            context.Response.ContentType = "application/x-ndjson";
            await context.Response.StartAsync(context.RequestAborted);

            // StartAsync alone leaves the headers buffered; the sidecar counts as connected once they arrive.
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted))
            {
                await context.Response.WriteAsync(line + "\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException)
        {
            // The sidecar hung up.
        }
        finally
        {
            _streams.TryRemove(id, out _);
        }
    }

    private async Task ReportAsync(HttpContext context)
    {
        _authorizations.Enqueue("report: " + context.Request.Headers.Authorization);
        var workload = (string)context.Request.RouteValues["workload"]!;
        var report = await context.Request.ReadFromJsonAsync(MeshJsonContext.Default.SidecarReport, context.RequestAborted);
        if (report is not null)
        {
            _reports.Enqueue((workload, report));
        }

        context.Response.StatusCode = ReportStatusCode;
    }
}
