using Aspire.Hosting;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Internal;

namespace Mesh.Hosting.Tests;

/// <summary>Every proxy is given the mesh root's fingerprint at start, read from the control plane's state folder.</summary>
public sealed class RootPinTests
{
    [Fact]
    public async Task RootPin_EveryProxy_IsTheFingerprintOfTheControlPlanesRoot()
    {
        var model = TestModel.Bookinfo().BuildAndWire();
        var mesh = model.Get<MeshResource>("mesh");
        Directory.CreateDirectory(mesh.StateDirectory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = new CertificateRequest("CN=Mesh root CA", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddYears(1));
        await File.WriteAllTextAsync(Path.Combine(mesh.StateDirectory, RootPin.CertificateFileName), root.ExportCertificatePem());

        IResource[] proxies = [model.Get<MeshSidecarResource>("reviews-v2-sidecar"), model.Get<MeshGatewayResource>("gateway")];
        foreach (var proxy in proxies)
        {
            var pin = (await TestModel.EnvironmentAsync(proxy))["Mesh__RootPin"];

            Assert.Equal(root.GetCertHashString(HashAlgorithmName.SHA256), await TestModel.ValueAsync(pin));
        }
    }

    [Fact]
    public async Task RootPin_RootNotReadable_FailsNamingTheFile()
    {
        var mesh = TestModel.Bookinfo().BuildAndWire().Get<MeshResource>("mesh");
        Directory.CreateDirectory(mesh.StateDirectory);
        var file = Path.Combine(mesh.StateDirectory, RootPin.CertificateFileName);
        await File.WriteAllTextAsync(file, "not a certificate");

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(async () => await new RootPin(mesh).GetValueAsync());

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }
}
