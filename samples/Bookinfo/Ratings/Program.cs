using Bookinfo.Ratings.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<RatingsStore>();
builder.Services.AddSingleton<RatingsFaults>();
// Folds the v-unhealthy behaviour into the /health endpoint that ServiceDefaults maps.
builder.Services.AddHealthChecks().AddCheck<RatingsFaults>("ratings-version");

var app = builder.Build();
app.MapRatingsApi();
app.MapDefaultEndpoints();
app.Run();
