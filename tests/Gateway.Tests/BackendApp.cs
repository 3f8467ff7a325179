using System.Net.WebSockets;
using System.Security.Claims;
using Hiroba.ServiceDefaults;
using Hiroba.ServiceDefaults.ServerSentEvents;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// A stand-in service behind the gateway on real Kestrel: ServiceDefaults with the shared key ring, an admin-only
/// endpoint, a signed-in event stream that sends nothing, an HTTP echo under <c>/api/feed</c> and a WebSocket echo under
/// <c>/ws/cameras</c>.
/// </summary>
public sealed class BackendApp : IAsyncDisposable
{
    public const string WebSocketSubprotocol = "echo.hiroba.test";

    public const string SignedInStreamPath = "/api/feed/signed-in-stream";

    private readonly WebApplication _app;

    private BackendApp(WebApplication app) => _app = app;

    public Uri BaseUri => new(_app.Urls.First());

    /// <param name="settings">More configuration keys, e.g. <c>ForwardedHeaders:KnownProxies:0</c>.</param>
    /// <param name="logs">Also gets the app's log entries, Data Protection's from debug level up.</param>
    public static async Task<BackendApp> StartAsync(
        string keyRingPath, IReadOnlyDictionary<string, string?>? settings = null, LogRecorder? logs = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["Auth:KeyRingPath"] = keyRingPath;
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
            builder.Logging.AddFilter<LogRecorder>("Microsoft.AspNetCore.DataProtection", LogLevel.Debug);
        }
        builder.AddServiceDefaults();

        var app = builder.Build();
        app.UseWebSockets();
        app.MapDefaultEndpoints();
        // What the gateway probes on the cameras cluster: the camera bridge that serves answers it.
        app.MapHealthChecks("/healthz/leader").AllowAnonymous();
        app.MapGet("/api/feed/echo/{**rest}", (HttpRequest request) =>
            TypedResults.Ok(new EchoResponse(request.Path.Value, request.QueryString.Value)));
        app.MapGet("/api/feed/admin-only", (ClaimsPrincipal user) => TypedResults.Ok(new WhoAmI(user.Identity?.Name)))
            .RequireAuthorization(HirobaRoles.Admin);
        app.MapGet(SignedInStreamPath, (HttpContext context) => new EventStream().ToResult(context, () => { })).RequireAuthorization(HirobaRoles.Viewer);
        app.Map("/ws/cameras/echo", EchoWebSocketAsync);
        await app.StartAsync();
        return new BackendApp(app);
    }

    /// <summary>A cookie made with this service's own ticket format and key ring, valid in every respect except as chosen.</summary>
    public string CreateCookieValue(string role, DateTimeOffset expiresUtc, DateTimeOffset? issuedUtc = null, string? sessionId = null)
    {
        var cookieOptions = _app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(HirobaAuthentication.Scheme);
        var properties = new AuthenticationProperties { IssuedUtc = issuedUtc ?? expiresUtc.AddHours(-1), ExpiresUtc = expiresUtc };
        return cookieOptions.TicketDataFormat.Protect(
            new AuthenticationTicket(HirobaAuthentication.CreatePrincipal(role, sessionId ?? HirobaAuthentication.NewSessionId()), properties, HirobaAuthentication.Scheme));
    }

    public Task StopAsync() => _app.StopAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var subprotocol = context.WebSockets.WebSocketRequestedProtocols.Contains(WebSocketSubprotocol) ? WebSocketSubprotocol : null;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(subprotocol);
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                return;
            }
            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
        }
    }

    public sealed record EchoResponse(string? Path, string? Query);

    public sealed record WhoAmI(string? Name);
}
