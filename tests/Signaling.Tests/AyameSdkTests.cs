using System.Text.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>The unmodified Ayame web SDK (npm @open-ayame/ayame-web-sdk) in Chromium against <c>/signaling</c> through the gateway.</summary>
public sealed class AyameSdkTests(SignalingStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<SignalingStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private AyameSdkPages _pages = null!;

    public async Task InitializeAsync() => _pages = await AyameSdkPages.StartAsync(chromium, output);

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task Two_sdk_pages_exchange_video_and_a_third_register_is_rejected()
    {
        var first = await _pages.RegisterAsync(stack.AyameSignalingUri, "sdk-room");
        var second = await _pages.RegisterAsync(stack.AyameSignalingUri, "sdk-room");

        foreach (var page in new[] { first, second })
        {
            await AyameSdkPages.WaitForDecodedVideoAsync(page);
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
}
