using Hiroba.EventBus;
using Hiroba.ServiceDefaults;
using Hiroba.Snapshots.Apis;
using Hiroba.Snapshots.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapEventBusEndpoints();
app.MapSnapshotsApi();

app.Run();
