using System.Globalization;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>Writes the control plane's start-up settings (its <c>Mesh:ControlPlane</c> section) as environment variables.</summary>
internal static class ControlPlaneEnvironment
{
    internal static void Write(EnvironmentCallbackContext context, MeshResource mesh)
    {
        var env = context.EnvironmentVariables;
        env["ASPNETCORE_URLS"] = ReferenceExpression.Create($"http://localhost:{mesh.HttpEndpoint.Property(EndpointProperty.Port)}");
        env["Mesh__ControlPlane__StateDirectory"] = mesh.StateDirectory;
        if (mesh.ConfigDirectory is not null)
        {
            env["Mesh__ControlPlane__ConfigDirectory"] = mesh.ConfigDirectory;
        }

        if (mesh.CertificateLifetime is { } lifetime)
        {
            env["Mesh__ControlPlane__CertificateLifetime"] = lifetime.ToString("c", CultureInfo.InvariantCulture);
        }

        var index = 0;
        foreach (var (name, identity) in mesh.Workloads)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"Mesh__ControlPlane__Workloads__{index++}__");
            env[prefix + "Name"] = name;
            env[prefix + "Service"] = identity.Service;
            env[prefix + "Version"] = identity.Version;
            env[prefix + "ServiceAccount"] = identity.ServiceAccount;
            env[prefix + "Namespace"] = identity.Namespace;
            if (identity.Token is { } token)
            {
                env[prefix + "Token"] = token;
            }
        }

        for (var i = 0; i < mesh.InlineConfiguration.Count; i++)
        {
            env[string.Create(CultureInfo.InvariantCulture, $"Mesh__ControlPlane__Inline__{i}")] = mesh.InlineConfiguration[i];
        }
    }
}
