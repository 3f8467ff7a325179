using System.Text.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>The unmodified Ayame web SDK (npm @open-ayame/ayame-web-sdk) in Chromium against <c>/signaling</c> through the gateway.</summary>
public sealed class AyameSdkTests(SignalingStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<SignalingStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private static readonly PageWaitForFunctionOptions Generous = new() { Timeout = 45_000, PollingInterval = 250 };

    private TestWebServer _web = null!;
    private IBrowserContext _context = null!;

    public async Task InitializeAsync()
    {
        _web = await TestWebServer.StartAsync();
        _context = await chromium.NewContextAsync(output);
    }

    public async Task DisposeAsync()
    {
        await _context.DisposeAsync();
        await _web.DisposeAsync();
    }

    [Fact]
    public async Task Two_sdk_pages_exchange_video_and_a_third_register_is_rejected()
    {
        var first = await StartAsync("sdk-room");
        var second = await StartAsync("sdk-room");

        foreach (var page in new[] { first, second })
        {
            await PagePolling.UntilTrueAsync(page, "async () => (await ayameTest.framesDecoded()) > 30", null, "the SDK page decoded more than 30 video frames");
        }

        var iceServers = await first.EvaluateAsync<JsonElement>("() => ayameTest.iceServers()");
        Assert.Contains(iceServers.EnumerateArray(), server =>
            server.TryGetProperty("credential", out _) && server.GetProperty("urls")[0].GetString()!.StartsWith("turn:", StringComparison.Ordinal));

        await using var third = await SignalingClient.ConnectAsync(stack.AyameSignalingUri);
        await third.SendAsync(new { type = "register", roomId = "sdk-room", clientId = "third" });
        Assert.Equal("full", (await third.ReceiveAsync("reject")).GetProperty("reason").GetString());
        await third.WaitClosedAsync();
        Assert.Null(await first.EvaluateAsync<string?>("() => ayameTest.disconnectReason"));
    }

    private async Task<IPage> StartAsync(string roomId)
    {
        var page = await _context.NewPageAsync();
        await page.GotoAsync(new Uri(_web.BaseUri, "/ayame.html").ToString());
        await page.WaitForFunctionAsync("() => window.ayameTest !== undefined", null, Generous);
        await page.EvaluateAsync("([url, room]) => ayameTest.start(url, room)", new[] { stack.AyameSignalingUri.ToString(), roomId });
        return page;
    }
}
