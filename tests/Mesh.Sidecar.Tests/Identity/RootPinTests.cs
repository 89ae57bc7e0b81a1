using Mesh.Model.Snapshots;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Tests.Harness;
using Mesh.Testing;

namespace Mesh.Sidecar.Tests.Identity;

/// <summary>
/// A sidecar speaks to the control plane with its workload's token, takes its certificate only from the root the AppHost
/// pinned at start, and a root change announced in a snapshot's trust bundle reaches it at once, not at its next renewal.
/// </summary>
public sealed class RootPinTests : IAsyncLifetime
{
    private FakeControlPlane _controlPlane = null!;
    private FakeApp _app = null!;

    public async Task InitializeAsync()
    {
        _controlPlane = await FakeControlPlane.StartAsync();
        _app = await FakeApp.StartAsync("reviews-v1");
    }

    [Fact]
    public async Task Start_ControlPlaneAnswersWithAnotherRoot_NoCertificateIsInstalled()
    {
        using var pinned = new TestCertificateAuthority("The AppHost's root");
        await using var sidecar = await StartAsync(MeshTrust.Fingerprint(pinned.Root));

        await Eventually.WaitUntilAsync(() => sidecar.Logs.Matching("neither the root the AppHost pinned").Count > 0, "the sidecar refuses the answer");

        Assert.Null(sidecar.Services.GetRequiredService<WorkloadIdentity>().Current);
        Assert.Empty(sidecar.Services.GetRequiredService<MeshTrust>().Roots);
    }

    [Fact]
    public async Task Start_ControlPlaneAnswersWithThePinnedRoot_CertificateIsInstalled()
    {
        await using var sidecar = await StartAsync(MeshTrust.Fingerprint(_controlPlane.Certificates.Root));

        var certificate = await sidecar.Services.GetRequiredService<WorkloadIdentity>().First.WaitAsync(Eventually.DefaultTimeout);

        Assert.Equal(MeshTrust.Fingerprint(_controlPlane.Certificates.Root), MeshTrust.Fingerprint(certificate.Root));
    }

    [Fact]
    public async Task ControlPlaneCalls_StreamAndReports_CarryTheWorkloadsToken()
    {
        await using var sidecar = await StartAsync(MeshTrust.Fingerprint(_controlPlane.Certificates.Root));
        var token = _controlPlane.Tokens.Keys.Single();

        await _controlPlane.WaitForReportAsync("reviews-v1", _ => true, "a report");

        var calls = _controlPlane.Authorizations;
        var credential = "Bearer " + WorkloadToken.Credential(token);
        Assert.Contains("stream: " + credential, calls);
        Assert.Contains("report: " + credential, calls);
        Assert.All(calls, call => Assert.EndsWith(credential, call, StringComparison.Ordinal));
        Assert.DoesNotContain(calls, call => call.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustBundle_NewRoot_SidecarRenewsFromItAtOnceAndTrustsBoth()
    {
        var oldRoot = _controlPlane.Certificates;
        await using var sidecar = await StartAsync(MeshTrust.Fingerprint(oldRoot.Root));
        var identity = sidecar.Services.GetRequiredService<WorkloadIdentity>();
        await identity.First.WaitAsync(Eventually.DefaultTimeout);
        await Eventually.WaitUntilAsync(() => _controlPlane.OpenStreams > 0, "the sidecar holds its stream");
        using var newRoot = new TestCertificateAuthority("The new mesh root");

        _controlPlane.Certificates = newRoot;
        _controlPlane.PushSnapshot(Snapshots.Create("2") with
        {
            TrustBundle = [newRoot.RootPem],
            TrustBundleSignature = WorkloadToken.SignTrustBundle(_controlPlane.Tokens.Keys.Single(), [newRoot.RootPem]),
        });

        await Eventually.WaitUntilAsync(() => MeshTrust.Fingerprint(identity.Current!.Root) == MeshTrust.Fingerprint(newRoot.Root),
            "the sidecar holds a certificate from the new root (24-hour certificates: only the trust bundle can have made it renew)");
        var roots = sidecar.Services.GetRequiredService<MeshTrust>().Roots.Select(MeshTrust.Fingerprint).ToList();
        Assert.Contains(MeshTrust.Fingerprint(oldRoot.Root), roots);
        Assert.Contains(MeshTrust.Fingerprint(newRoot.Root), roots);
        _controlPlane.Certificates = oldRoot;
    }

    private Task<SidecarHost> StartAsync(string pin)
    {
        var token = _controlPlane.AddIdentity("default", "bookinfo-reviews");
        return SidecarHost.StartAsync(_controlPlane.BaseAddress, _app.BaseAddress, "reviews-v1", "reviews", null,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["ServiceAccount"] = "bookinfo-reviews", ["Token"] = token, ["RootPin"] = pin });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _controlPlane.DisposeAsync();
    }
}
