using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using static Hiroba.Gateway.Tests.HttpAssertions;

namespace Hiroba.Gateway.Tests;

public sealed class ProxyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Http_requests_reach_the_service_with_their_full_path_and_query()
    {
        using var client = fixture.CreateClient();

        var echo = await client.GetFromJsonAsync<BackendApp.EchoResponse>("/api/feed/echo/a/b?c=d");

        Assert.Equal(new BackendApp.EchoResponse("/api/feed/echo/a/b", "?c=d"), echo);
    }

    [Fact]
    public async Task WebSockets_are_proxied_both_ways_with_the_subprotocol()
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(BackendApp.WebSocketSubprotocol);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var uri = new UriBuilder(fixture.GatewayUri) { Scheme = "ws", Path = "/ws/cameras/echo" }.Uri;

        await socket.ConnectAsync(uri, timeout.Token);
        Assert.Equal(BackendApp.WebSocketSubprotocol, socket.SubProtocol);
        foreach (var message in new[] { "first", new string('x', 3000), "third" })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, timeout.Token);
            Assert.Equal(message, await ReceiveTextAsync(socket, timeout.Token));
        }
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem_even_for_a_browser()
    {
        using var client = fixture.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/page");
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("/no/such/page", problem.Instance);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_problem()
    {
        using var client = fixture.CreateClient();
        using var body = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");

        using var response = await client.PostAsync("/api/auth/sign-in", body);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        using var client = fixture.CreateClient();

        using var response = await client.DeleteAsync("/api/auth/me");

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/signin", "text/html")]
    [InlineData("/css/site.css", "text/css")]
    [InlineData("/lib/mqtt.min.js", "text/javascript")]
    public async Task The_web_ui_is_served_with_security_headers(string path, string mediaType)
    {
        using var client = fixture.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
