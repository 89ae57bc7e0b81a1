using System.Globalization;
using Aspire.Hosting.ApplicationModel;
using Mesh.Model.Conventions;

namespace Aspire.Hosting.Internal;

/// <summary>Writes the control plane's start-up settings (its <c>Mesh:ControlPlane</c> section) as environment variables.</summary>
internal static class ControlPlaneEnvironment
{
    internal static void Write(EnvironmentCallbackContext context, MeshResource mesh)
    {
        var env = context.EnvironmentVariables;
        env["ASPNETCORE_URLS"] = ReferenceExpression.Create($"http://localhost:{mesh.HttpEndpoint.Property(EndpointProperty.Port)}");
        env[MeshSettings.ControlPlane.StateDirectory] = mesh.StateDirectory;
        if (mesh.AdminToken is { } admin)
        {
            env[MeshSettings.ControlPlane.AdminToken] = admin;
        }

        if (mesh.ConfigDirectory is not null)
        {
            env[MeshSettings.ControlPlane.ConfigDirectory] = mesh.ConfigDirectory;
        }

        if (mesh.CertificateLifetime is { } lifetime)
        {
            env[MeshSettings.ControlPlane.CertificateLifetime] = lifetime.ToString("c", CultureInfo.InvariantCulture);
        }

        var index = 0;
        foreach (var (name, identity) in mesh.Workloads)
        {
            env[MeshSettings.ControlPlane.WorkloadName(index)] = name;
            env[MeshSettings.ControlPlane.WorkloadService(index)] = identity.Service;
            env[MeshSettings.ControlPlane.WorkloadVersion(index)] = identity.Version;
            env[MeshSettings.ControlPlane.WorkloadServiceAccount(index)] = identity.ServiceAccount;
            env[MeshSettings.ControlPlane.WorkloadNamespace(index)] = identity.Namespace;
            if (identity.Token is { } token)
            {
                env[MeshSettings.ControlPlane.WorkloadToken(index)] = SecretValue.Of(BootstrapToken.ParameterName(name), token);
            }

            index++;
        }

        for (var i = 0; i < mesh.InlineConfiguration.Count; i++)
        {
            env[MeshSettings.ControlPlane.Inline(i)] = mesh.InlineConfiguration[i];
        }
    }
}
