using Protocols.Frontend.Apis;
using Protocols.Frontend.Services;
using GreeterClient = Protocols.Greeter.Greeter.GreeterClient;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

// Both names resolve through service discovery (ServiceDefaults): with the mesh, to this app's sidecar. The gRPC client
// speaks HTTP/2 without TLS to an http:// address; no retries here, the mesh owns them.
builder.Services.AddGrpcClient<GreeterClient>(options => options.Address = new Uri("http://greeter"));
builder.Services.AddHttpClient<StreamsClient>(client =>
{
    client.BaseAddress = new Uri("http://streams");
    // Streams and uploads run as long as they need; each call passes its own cancellation.
    client.Timeout = Timeout.InfiniteTimeSpan;
});
builder.Services.AddTransient<GreeterCalls>();
builder.Services.AddSingleton<StreamsWebSocket>();

var app = builder.Build();
app.MapIndexPage();
app.MapGrpcDemoApi();
app.MapStreamsDemoApi();
app.MapDefaultEndpoints();
app.Run();
