// front: "/" asks back for its answer through service discovery and returns it.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddHttpClient("back", client => client.BaseAddress = new Uri("http://back"));

var app = builder.Build();
app.MapGet("/", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
    await clients.CreateClient("back").GetStringAsync(new Uri("/", UriKind.Relative), cancellationToken));
app.MapDefaultEndpoints();
app.Run();
