using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using Hiroba.LocalComponents;
using static Hiroba.Gateway.Tests.HttpAssertions;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// What a page of another origin (another port of this host, or another site) can make a signed-in browser do with the
/// cookie: neither sign out nor open a WebSocket that acts for the user, at the gateway or at the service behind it.
/// </summary>
public sealed class CrossOriginTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AdminOnlyServicePath = "/api/feed/admin-only";

    private static readonly string OtherPort = $"http://127.0.0.1:{FreePorts.Tcp()}";

    public static TheoryData<string, string> ForeignRequests => new()
    {
        { "Origin", OtherPort },
        { "Origin", "http://evil.example" },
        { "Origin", "null" },
        { "Sec-Fetch-Site", "same-site" },
        { "Sec-Fetch-Site", "cross-site" },
    };

    [Theory]
    [MemberData(nameof(ForeignRequests))]
    public async Task A_sign_out_sent_from_another_origin_is_refused_and_the_session_lives_on(string header, string value)
    {
        using var client = fixture.CreateClient();
        var cookie = await SignInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out").WithCookie(cookie);
        request.Headers.Add(header, value);

        using var response = await client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Null(SessionSetCookie(response));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/auth/me", cookie));
    }

    [Fact]
    public async Task A_sign_out_from_the_sites_own_page_ends_the_session_at_the_gateway_and_at_the_service()
    {
        using var client = fixture.CreateClient();
        var cookie = await SignInAsync(client);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, AdminOnlyServicePath, cookie));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out").WithCookie(cookie);
        request.Headers.Add("Origin", fixture.GatewayUri.GetLeftPart(UriPartial.Authority));
        request.Headers.Add("Sec-Fetch-Site", "same-origin");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.NotNull(SessionSetCookie(response));
        // The same cookie, replayed: refused by the gateway and by the service, which checks it itself.
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, "/api/auth/me", cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, AdminOnlyServicePath, cookie));
    }

    [Fact]
    public async Task A_sign_out_without_the_cookie_deletes_nothing()
    {
        using var client = fixture.CreateClient();

        using var response = await client.PostAsync("/api/auth/sign-out", content: null);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(SessionSetCookie(response));
    }

    [Theory]
    [MemberData(nameof(ForeignRequests))]
    public async Task A_websocket_with_the_cookie_from_another_origin_is_refused_by_the_gateway_and_by_the_service(string header, string value)
    {
        using var client = fixture.CreateClient();
        var cookie = await SignInAsync(client);
        var headers = new Dictionary<string, string> { ["Cookie"] = cookie, [header] = value };

        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketRefusalAsync(WebSocketUri(fixture.GatewayUri), headers));
        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketRefusalAsync(WebSocketUri(fixture.Backend.BaseUri), headers));
    }

    [Fact]
    public async Task A_websocket_with_the_cookie_from_the_sites_own_page_works_through_the_gateway()
    {
        using var client = fixture.CreateClient();
        var cookie = await SignInAsync(client);
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", cookie);
        socket.Options.SetRequestHeader("Origin", fixture.GatewayUri.GetLeftPart(UriPartial.Authority));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The service sees the gateway's origin through X-Forwarded-Proto and X-Forwarded-Host, trusted from the gateway only.
        await socket.ConnectAsync(WebSocketUri(fixture.GatewayUri), timeout.Token);
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[64];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
    }

    [Fact]
    public async Task At_the_service_a_client_cannot_claim_the_gateways_origin_with_forwarding_headers_of_its_own()
    {
        // A service that trusts only a gateway elsewhere ignores these headers from this client.
        await using var service = await BackendApp.StartAsync(
            fixture.KeyRingPath, new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "192.0.2.10" });
        using var client = fixture.CreateClient();
        var cookie = await SignInAsync(client);
        var foreign = new Dictionary<string, string>
        {
            ["Cookie"] = cookie,
            ["Origin"] = "http://gateway.example",
            ["X-Forwarded-Host"] = "gateway.example",
            ["X-Forwarded-Proto"] = "http",
        };

        Assert.Equal(HttpStatusCode.Forbidden, await WebSocketRefusalAsync(WebSocketUri(service.BaseUri), foreign));
    }

    private static Uri WebSocketUri(Uri server) => new UriBuilder(server) { Scheme = "ws", Path = "/ws/cameras/echo" }.Uri;

    private static async Task<string> SignInAsync(HttpClient client) => CookiePair(await HttpAssertions.SignInAsync(client, GatewayFactory.AdminPassword));

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path, string cookie)
    {
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, path).WithCookie(cookie));
        return response.StatusCode;
    }

    /// <summary>The HTTP status of a WebSocket handshake that must be refused.</summary>
    private static async Task<HttpStatusCode> WebSocketRefusalAsync(Uri uri, IReadOnlyDictionary<string, string> headers)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, timeout.Token));
        return socket.HttpStatusCode;
    }
}
