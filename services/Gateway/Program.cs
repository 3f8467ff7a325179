using Hiroba.Gateway.Apis;
using Hiroba.Gateway.Extensions;
using Hiroba.Gateway.Proxy;
using Hiroba.Gateway.Tls;
using Hiroba.Gateway.WebUi;
using Hiroba.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
if (CreateKeyRingCommand.TryRun(args, builder.Configuration))
{
    return;
}
builder.UseInlineIo();
builder.AddServiceDefaults(ClientConnections.Direct);
builder.AddApplicationServices();

var app = builder.Build();
app.UseSecurityHeaders();
app.UseHttpsForNetworkClients();
app.UseWebUi();
// Routing after the pages: GET /signin is the page, POST /signin its form's sign-in (AuthApi).
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseWebSockets();

app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapSiteApi();
app.MapTrustApi();
app.MapQrCodeApi();
app.MapLiveEventsApi();
// A pipeline of our own replaces YARP's default one, whose steps come back here: without them a cluster of several
// replicas ignores its load-balancing policy and picks at random.
app.MapReverseProxy(proxy =>
{
    proxy.UseRouteBodySizeLimit();
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UseRoomStreamHandover();
    proxy.UsePassiveHealthChecks();
});

app.Run();
