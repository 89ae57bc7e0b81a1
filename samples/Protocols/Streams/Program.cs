using Protocols.Streams.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.UseWebSockets();
app.MapWebSocketEchoApi();
app.MapPacedResponsesApi();
app.MapUploadApi();
app.MapDefaultEndpoints();
app.Run();
