using Hiroba.EventBus;
using Hiroba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddEventBus();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapEventBusEndpoints();

app.Run();
