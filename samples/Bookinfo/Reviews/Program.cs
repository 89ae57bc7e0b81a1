using Bookinfo.Reviews;
using Bookinfo.Reviews.Apis;
using Bookinfo.Reviews.Services;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var settings = ReviewsSettings.From(builder.Configuration);
builder.Services.AddSingleton(settings);
// No resilience handler: the mesh owns retries; the timeout is the one Istio hard-codes in reviews.
builder.Services.AddHttpClient<RatingsClient>(client =>
{
    client.BaseAddress = new("http://ratings");
    client.Timeout = settings.RatingsTimeout;
});

var app = builder.Build();
app.MapReviewsApi();
app.MapDefaultEndpoints();
app.Run();
