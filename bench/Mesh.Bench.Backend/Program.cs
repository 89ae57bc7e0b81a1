// Answers every request (the sidecar's /health probe too) with the same 1 KB body, as Istio's and Linkerd's
// latency benchmarks do. Usage: Mesh.Bench.Backend <port> [body bytes] [gRPC port]; it prints "listening" once bound.
// With a gRPC port it also serves the gRPC paths' unary call (Protos/bench.proto) there, HTTP/2 only (h2c), answered
// with the same body; anything else on that port is answered as on the first.
// One exception, never requested while measuring: /_bench/xfcc answers with the x-forwarded-client-cert the
// request arrived with (empty if none), the benchmark's proof that the mtls paths' hop is mutual TLS
// (MutualTlsCheck.PeerPath in Mesh.Bench).
using System.Globalization;
using Mesh.Bench.Backend;
using Microsoft.AspNetCore.Server.Kestrel.Core;

const string PeerPath = "/_bench/xfcc";
var port = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 0;
var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
var grpcPort = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 0;
var body = new byte[size];
Array.Fill(body, (byte)'x');

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.Services.AddSingleton(new BenchBody(body));
if (grpcPort > 0)
{
    builder.Services.AddGrpc();
}

builder.WebHost.UseUrls(";").ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // Both loopback addresses, as an Aspire project on "localhost" listens: the sidecar is given http://localhost:port.
    kestrel.ListenLocalhost(port);
    if (grpcPort > 0)
    {
        // A gRPC service's port: HTTP/2 with prior knowledge only, as a project marked AsHttp2Service() serves.
        kestrel.ListenLocalhost(grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
    }
});

var app = builder.Build();
if (grpcPort > 0)
{
    // Routing only on the gRPC port: the HTTP paths' pipeline stays the one terminal handler it always was.
    app.MapWhen(context => context.Connection.LocalPort == grpcPort, grpc =>
    {
        grpc.UseRouting();
        grpc.UseEndpoints(endpoints => endpoints.MapGrpcService<BenchService>());
        grpc.Run(Answer);
    });
}

app.Run(Answer);

await app.StartAsync();
Console.WriteLine("listening " + app.Urls.First());
await app.WaitForShutdownAsync();

Task Answer(HttpContext context)
{
    if (string.Equals(context.Request.Path.Value, PeerPath, StringComparison.Ordinal))
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(context.Request.Headers["x-forwarded-client-cert"].ToString());
    }

    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
}
