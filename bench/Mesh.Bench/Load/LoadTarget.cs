namespace Mesh.Bench.Load;

/// <summary>
/// The request the load generator repeats on a path: an HTTP GET (every path but the gRPC ones) or a gRPC unary call,
/// sent through a client opened for each run.
/// </summary>
internal abstract class LoadTarget
{
    /// <summary>The address requests go to.</summary>
    public abstract Uri Address { get; }

    /// <summary>A GET of <paramref name="address"/> over HTTP/1.1 keep-alive connections, answered 200.</summary>
    public static LoadTarget HttpGet(Uri address) => new HttpGetTarget(address);

    /// <summary>The benchmark's gRPC unary call (bench.proto) to <paramref name="address"/>, over HTTP/2 without TLS.</summary>
    public static LoadTarget GrpcUnary(Uri address) => new GrpcUnaryTarget(address);

    /// <summary>A client for one run, with at most <paramref name="maxConnections"/> connections.</summary>
    public abstract ILoadSender Open(int maxConnections);
}

/// <summary>One run's client of a <see cref="LoadTarget"/>.</summary>
internal interface ILoadSender : IDisposable
{
    /// <summary>Sends one request and reads its whole answer; true when it succeeded, else the reason goes to <paramref name="errors"/>.</summary>
    Task<bool> SendAsync(RunErrors errors);
}
