using Bookinfo.ProductPage.Apis;
using Bookinfo.ProductPage.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

// Istio's productpage waits 3 s per call; the fault injection task's "bug" depends on it. No
// resilience handler: the mesh owns retries (ReviewsClient keeps Istio's one hard-coded retry).
var timeout = TimeSpan.FromSeconds(3);
builder.Services.AddHttpClient<DetailsClient>(client => { client.BaseAddress = new("http://details"); client.Timeout = timeout; });
builder.Services.AddHttpClient<ReviewsClient>(client => { client.BaseAddress = new("http://reviews"); client.Timeout = timeout; });
builder.Services.AddHttpClient<RatingsClient>(client => { client.BaseAddress = new("http://ratings"); client.Timeout = timeout; });

var app = builder.Build();
app.MapProductPageApi();
app.MapProductsApi();
app.MapDefaultEndpoints();
app.Run();
