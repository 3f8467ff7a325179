using Hiroba.EventBus;
using Hiroba.Rooms.Apis;
using Hiroba.Rooms.Extensions;
using Hiroba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEventBusEndpoints();
app.MapRoomsApi();

app.Run();
