using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// How long a request may take upstream: the route's <c>timeout</c>, or a gRPC caller's deadline (<c>grpc-timeout</c>)
/// when it is shorter, as Envoy applies a gRPC call's deadline under Istio's routes (<c>max_grpc_timeout</c> set to the
/// route's timeout, none meaning no cap). A <c>grpc-timeout</c> that does not read is ignored, as Envoy ignores it.
/// </summary>
internal static class GrpcDeadline
{
    /// <summary>
    /// The request's timeout (null: none), and whether it is the caller's deadline, which a gRPC caller is told about as
    /// <c>DEADLINE_EXCEEDED</c> when it runs out.
    /// </summary>
    public static (TimeSpan? Timeout, bool IsDeadline) Of(HttpRequest request, TimeSpan? routeTimeout)
    {
        ArgumentNullException.ThrowIfNull(request);
        var route = routeTimeout is { } limit && limit > TimeSpan.Zero ? limit : (TimeSpan?)null;
        if (!GrpcProtocol.IsGrpc(request) || !GrpcProtocol.TryParseTimeout(request.Headers[GrpcProtocol.TimeoutHeader], out var deadline))
        {
            return (route, false);
        }

        return route < deadline ? (route, false) : (deadline, true);
    }
}
