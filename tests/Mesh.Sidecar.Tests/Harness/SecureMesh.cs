using System.Globalization;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Identity;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Harness;

/// <summary>
/// Real sidecars for Bookinfo workloads, each in front of a <see cref="FakeApp"/>, whose identities come from one
/// <see cref="FakeControlPlane"/>: its CA signs every sidecar's certificate, so they trust each other. Configuration is
/// Istio YAML compiled by <see cref="MeshConfig"/>.
/// </summary>
/// <remarks>
/// The fake control plane writes one snapshot to every stream, so every sidecar gets the configuration compiled for
/// <see cref="Callee"/>; its inbound policies are the ones under test, and the callers' inbound listeners take no traffic.
/// </remarks>
internal sealed class SecureMesh : IAsyncDisposable
{
    /// <summary>The workload whose inbound policies the configuration is compiled for.</summary>
    public const string Callee = "reviews-v1";

    /// <summary>The workload that calls <see cref="Callee"/> in <see cref="StartCallerAndCalleeAsync"/>.</summary>
    public const string Caller = "productpage-v1";

    private readonly List<MeshWorkload> _workloads = [];
    private int _version;

    private SecureMesh(FakeControlPlane controlPlane) => ControlPlane = controlPlane;

    public FakeControlPlane ControlPlane { get; }

    /// <summary>The workload named <paramref name="workload"/>, e.g. <c>reviews-v1</c>.</summary>
    public MeshWorkload this[string workload] => _workloads.Single(w => w.Name == workload);

    /// <summary>
    /// Starts the control plane; <paramref name="certificateLifetime"/> shortens the certificates it issues (set before
    /// any sidecar starts, since a sidecar's first certificate decides when it renews).
    /// </summary>
    public static async Task<SecureMesh> StartAsync(TimeSpan? certificateLifetime = null)
    {
        var controlPlane = await FakeControlPlane.StartAsync();
        if (certificateLifetime is { } lifetime)
        {
            controlPlane.CertificateLifetime = lifetime;
        }

        return new SecureMesh(controlPlane);
    }

    /// <summary>
    /// productpage calling reviews: <see cref="Callee"/> and <c>productpage-v1</c> (with an outbound listener for reviews),
    /// both with identities, so the hop between their sidecars is mutual TLS; <paramref name="yaml"/> applied.
    /// </summary>
    public static async Task<SecureMesh> StartCallerAndCalleeAsync(string yaml = "")
    {
        var mesh = await StartAsync();
        await mesh.AddAsync(Callee);
        await mesh.AddAsync(Caller, callsReviews: true);
        await mesh.ApplyAsync(yaml);
        return mesh;
    }

    /// <summary>
    /// Starts <paramref name="workload"/>'s app and sidecar, with the identity <c>bookinfo-&lt;service&gt;</c> in namespace
    /// <c>default</c> unless <paramref name="identity"/> is false (no bootstrap token: plain text only), and an outbound
    /// listener for reviews when <paramref name="callsReviews"/>, and <paramref name="extraSettings"/> (keys below <c>Mesh:</c>).
    /// <paramref name="app"/> is where the sidecar forwards instead of its <see cref="FakeApp"/> (e.g. a <see cref="GrpcApp"/>).
    /// A sidecar with an identity has its certificate on return. <paramref name="configure"/> adjusts the sidecar's builder.
    /// </summary>
    public async Task<MeshWorkload> AddAsync(string workload, bool identity = true, bool callsReviews = false,
        IReadOnlyDictionary<string, string>? extraSettings = null, Uri? app = null, Action<WebApplicationBuilder>? configure = null)
    {
        // The registration's service and service account, before the sidecar's address is known.
        var registration = MeshConfig.Workload(workload, new Uri("http://127.0.0.1"));
        var settings = new Dictionary<string, string>(extraSettings ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            ["ServiceAccount"] = registration.ServiceAccount,
        };
        if (identity)
        {
            settings["Token"] = ControlPlane.AddIdentity(registration.Namespace, registration.ServiceAccount);
        }

        var fake = await FakeApp.StartAsync(workload);
        var sidecar = await SidecarHost.StartAsync(ControlPlane.BaseAddress, app ?? fake.BaseAddress, configure ?? (_ => { }), workload,
            registration.Service, callsReviews ? [new("reviews", "reviews")] : null, settings);
        var added = new MeshWorkload(workload, fake, sidecar, identity ? TestCertificateAuthority.Spiffe(registration.Namespace, registration.ServiceAccount) : null);
        _workloads.Add(added);
        if (identity)
        {
            await added.Identity.First.WaitAsync(Eventually.DefaultTimeout);
        }

        return added;
    }

    /// <summary>
    /// The snapshot a control plane would push for <paramref name="yaml"/>: every workload as an endpoint of its service,
    /// taking mutual TLS (<see cref="EndpointSnapshot.MutualTls"/>) when <paramref name="mutualTls"/> says so, or when
    /// its sidecar has an identity if <paramref name="mutualTls"/> is null.
    /// </summary>
    public SidecarSnapshot Snapshot(string yaml, bool? mutualTls = null)
    {
        var snapshot = MeshConfig.Snapshot("0", yaml, this[Callee].Registration, _workloads.Select(w => w.Registration));
        return MapEndpoints(snapshot, e => e with { MutualTls = mutualTls ?? _workloads.Single(w => w.Name == e.Workload).SpiffeUri is not null });
    }

    /// <summary>Pushes <see cref="Snapshot"/> and waits until every sidecar applies it.</summary>
    public Task ApplyAsync(string yaml, bool? mutualTls = null) => PushAsync(Snapshot(yaml, mutualTls));

    /// <summary>Pushes <paramref name="snapshot"/> under the next version and waits until every sidecar applies it.</summary>
    public async Task PushAsync(SidecarSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var version = (++_version).ToString(CultureInfo.InvariantCulture);
        ControlPlane.PushSnapshot(snapshot with { Version = version });
        foreach (var workload in _workloads)
        {
            await workload.Sidecar.WaitForSnapshotAsync(version);
        }
    }

    /// <summary><paramref name="snapshot"/> with <paramref name="map"/> applied to every endpoint.</summary>
    public static SidecarSnapshot MapEndpoints(SidecarSnapshot snapshot, Func<EndpointSnapshot, EndpointSnapshot> map)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot with { Services = [.. snapshot.Services.Select(s => s with { Endpoints = [.. s.Endpoints.Select(map)] })] };
    }

    /// <summary>Every sidecar's log, for assertion messages.</summary>
    public string Logs() =>
        string.Join('\n', _workloads.SelectMany(w => w.Sidecar.Logs.Lines.Select(l => $"[{w.Name}] {l.Category}: {l.Message} {l.Exception?.Message}")));

    public async ValueTask DisposeAsync()
    {
        foreach (var workload in _workloads)
        {
            await workload.DisposeAsync();
        }

        await ControlPlane.DisposeAsync();
    }
}

/// <summary>A workload of a <see cref="SecureMesh"/>: its app and its sidecar.</summary>
internal sealed class MeshWorkload(string name, FakeApp app, SidecarHost sidecar, string? spiffeUri) : IAsyncDisposable
{
    public string Name { get; } = name;

    public FakeApp App { get; } = app;

    public SidecarHost Sidecar { get; } = sidecar;

    /// <summary>The SPIFFE URI its certificates carry; null for a sidecar without identity.</summary>
    public string? SpiffeUri { get; } = spiffeUri;

    /// <summary>The sidecar's identity and current certificate.</summary>
    public WorkloadIdentity Identity => Sidecar.Services.GetRequiredService<WorkloadIdentity>();

    /// <summary>Its registration, as the control plane would have it, with its sidecar's inbound address.</summary>
    public Model.Registry.WorkloadRegistration Registration => MeshConfig.Workload(Name, Sidecar.Inbound) with { CleartextHttp2 = true };

    /// <summary>A GET to reviews through the sidecar's outbound listener, as its app would send it.</summary>
    public async Task<HttpResponseMessage> CallReviewsAsync(string pathAndQuery = "/reviews/0", params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Sidecar.Outbound(), pathAndQuery));
        foreach (var (header, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        return await Sidecar.Client.SendAsync(request);
    }

    /// <summary>The response flags the sidecar put on <paramref name="response"/>.</summary>
    public static string? Flag(HttpResponseMessage response) => RoutingMesh.Flag(response);

    public async ValueTask DisposeAsync()
    {
        await Sidecar.DisposeAsync();
        await App.DisposeAsync();
    }
}
