using Hiroba.CameraBridge.Apis;
using Hiroba.CameraBridge.Extensions;
using Hiroba.CameraBridge.Leadership;
using Hiroba.EventBus;
using Hiroba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseWebSockets();
app.MapDefaultEndpoints();
app.MapLeaderHealthCheck();
app.MapEventBusEndpoints();
app.MapCamerasApi();

app.Run();
