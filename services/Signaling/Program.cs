using Hiroba.EventBus;
using Hiroba.ServiceDefaults;
using Hiroba.Signaling.Apis;
using Hiroba.Signaling.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseWebSockets();
app.MapDefaultEndpoints();
app.MapEventBusEndpoints();
app.MapSignalingApi();

app.Run();
