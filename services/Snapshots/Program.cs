using Hiroba.EventBus;
using Hiroba.ServiceDefaults;
using Hiroba.Snapshots.Apis;
using Hiroba.Snapshots.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddSnapshotsServices();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapEventBusEndpoints();
app.MapSnapshotsApi();

app.Run();

/// <summary>The entry point, visible to the tests' application factory.</summary>
public partial class Program;
