using Hiroba.EventBus;
using Hiroba.Feed.Apis;
using Hiroba.Feed.Extensions;
using Hiroba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapEventBusEndpoints();
app.MapFeedApi();

app.Run();
