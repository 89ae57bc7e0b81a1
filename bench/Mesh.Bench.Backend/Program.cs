
// Answers every request (the sidecar's /health probe too) with the same 1 KB body, as Istio's and Linkerd's
// latency benchmarks do. Usage: Mesh.Bench.Backend <port> [body bytes]; it prints "listening" once bound.
// One exception, never requested while measuring: /_bench/xfcc answers with the x-forwarded-client-cert the
// request arrived with (empty if none), the benchmark's proof that the mtls path's hop is mutual TLS
// (MutualTlsCheck.PeerPath in Mesh.Bench).
const string PeerPath = "/_bench/xfcc";
var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
var size = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1024;
var body = new byte[size];
Array.Fill(body, (byte)'x');

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls(";").ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    // Both loopback addresses, as an Aspire project on "localhost" listens: the sidecar is given http://localhost:port.
    kestrel.ListenLocalhost(port);
});

var app = builder.Build();
app.Run(context =>
{
    if (string.Equals(context.Request.Path.Value, PeerPath, StringComparison.Ordinal))
    {
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(context.Request.Headers["x-forwarded-client-cert"].ToString());
    }

    context.Response.ContentType = "text/plain";
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body).AsTask();
});

await app.StartAsync();
Console.WriteLine("listening " + app.Urls.First());
await app.WaitForShutdownAsync();
