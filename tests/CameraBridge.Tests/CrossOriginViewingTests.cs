using System.Net;
using Hiroba.LocalComponents;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// Watching a camera is a WebSocket that acts with the viewer's cookie, and browsers apply no CORS to WebSockets: only
/// the site's own pages may open it. A page on another port of the same host is the same site, so the strict cookie
/// goes along; the Origin check is what stops it.
/// </summary>
[Collection(BridgeOnlyCollection.Name)]
public sealed class CrossOriginViewingTests(BridgeOnlyStack stack, ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task A_viewing_socket_with_the_cookie_from_another_origin_is_refused_and_from_the_sites_own_page_opens()
    {
        var cookies = await JsonSocket.SignInAsync(stack.GatewayUri, HirobaStack.ViewerPassword);
        var uri = stack.WebSocketUri($"/ws/cameras/{BridgeOnlyStack.PorchId}");

        foreach (var origin in new[] { $"http://127.0.0.1:{FreePorts.Tcp()}", "http://evil.example", "null" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, await JsonSocket.RefusalStatusAsync(uri, cookies, new Dictionary<string, string> { ["Origin"] = origin }));
        }

        await using var own = await JsonSocket.ConnectAsync(uri, cookies, new Dictionary<string, string> { ["Origin"] = stack.GatewayUri.GetLeftPart(UriPartial.Authority) });
        // porch accepts TCP and hangs up at once: the bridge tried it, so the session ran.
        var end = await own.ReceiveAsync();
        Assert.Equal("end", end?.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_page_on_another_port_of_the_host_cannot_watch_with_the_signed_in_users_cookie()
    {
        await using var context = await chromium.NewContextAsync(output);
        await using (var signIn = await context.APIRequest.PostAsync(new Uri(stack.GatewayUri, "/api/auth/sign-in").ToString(), new()
        {
            DataObject = new { password = HirobaStack.ViewerPassword },
        }))
        {
            Assert.Equal(200, signIn.Status);
        }
        var socketUri = stack.WebSocketUri($"/ws/cameras/{BridgeOnlyStack.PorchId}").ToString();
        await using var elsewhere = await ForeignPage.StartAsync("<title>elsewhere</title>");

        var fromElsewhere = await OpenSocketFromAsync(await context.NewPageAsync(), elsewhere.Uri.ToString(), socketUri);
        var fromTheSite = await OpenSocketFromAsync(await context.NewPageAsync(), stack.GatewayUri.ToString(), socketUri);

        Assert.Equal("refused", fromElsewhere);
        Assert.Equal("end", fromTheSite);
    }

    /// <summary>Opens the viewing socket from a page at <paramref name="pageUri"/>: its first message's type, or <c>refused</c>.</summary>
    private static async Task<string> OpenSocketFromAsync(IPage page, string pageUri, string socketUri)
    {
        await page.GotoAsync(pageUri);
        return await page.EvaluateAsync<string>("""
            uri => new Promise(resolve => {
              const socket = new WebSocket(uri);
              socket.onmessage = event => { resolve(JSON.parse(event.data).type); socket.close(); };
              socket.onerror = () => resolve('refused');
              socket.onclose = () => resolve('refused');
            })
            """, socketUri);
    }
}
