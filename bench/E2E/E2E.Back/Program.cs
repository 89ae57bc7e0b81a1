// back: "/" answers 1 KB, the body size of Istio's and Linkerd's published benchmarks.
var answer = new string('x', 1024);

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.MapGet("/", () => answer);
app.MapDefaultEndpoints();
app.Run();
