using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Publishing;

internal sealed partial class KubernetesPublisher
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 1601, Level = LogLevel.Warning,
            Message = "azd will not enforce mesh feature {Feature}. azd deploys the manifest's apps only; kubernetes/ carries the mesh to a cluster with Istio.")]
        public static partial void AzdNotEnforced(ILogger logger, string feature);

        [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "kubernetes/: {Warning}")]
        public static partial void NotCarried(ILogger logger, string warning);

        [LoggerMessage(EventId = 1603, Level = LogLevel.Information,
            Message = "Published mesh '{Mesh}' for Kubernetes with Istio to {Directory}: {Workloads} workloads, {Services} services, {Resources} mesh resources")]
        public static partial void Published(ILogger logger, string mesh, string directory, int workloads, int services, int resources);
    }
}
