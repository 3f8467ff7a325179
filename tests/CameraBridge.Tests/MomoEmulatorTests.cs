using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Microsoft.Playwright;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// The Momo emulator against raw clients and a scripted Ayame server: it must behave as protocols.md §2 describes
/// Momo, or the camera tests would prove nothing about the real camera.
/// </summary>
public sealed class MomoEmulatorTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    /// <summary>Shorter than any of Momo's own timers (the watchdog is 30 s): what arrives within it came "at once".</summary>
    private static readonly TimeSpan SoonerThanAnyWatchdog = TimeSpan.FromSeconds(20);

    private IBrowserContext _browserSide = null!;

    public async Task InitializeAsync() => _browserSide = await chromium.Browser.NewContextAsync();

    public async Task DisposeAsync() => await _browserSide.DisposeAsync();

    [Fact]
    public async Task In_p2p_mode_only_ws_is_a_websocket_a_plain_request_there_is_400_and_other_paths_are_files()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{momo.Port}") };

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/ws")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/html/p2p.html")).StatusCode);
    }

    [Fact]
    public async Task In_p2p_mode_register_is_accepted_with_isExistUser_and_followed_by_pings()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser, pingInterval: TimeSpan.FromMilliseconds(300));
        await using var client = await JsonSocket.ConnectAsync(momo.Url);

        await client.SendAsync("""{"type":"register","roomId":"any","clientId":"c"}""");

        Assert.Equal("""{"type":"accept","isExistUser":true}""", await client.ReceiveTextAsync());
        Assert.Equal("""{"type":"ping"}""", await client.ReceiveTextAsync());
        Assert.Equal("""{"type":"ping"}""", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task In_p2p_mode_every_websocket_gets_its_own_peer_connection_and_candidates_in_momos_shape()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        await using var first = await JsonSocket.ConnectAsync(momo.Url);
        await using var second = await JsonSocket.ConnectAsync(momo.Url);

        foreach (var client in new[] { first, second })
        {
            await client.SendAsync(JsonSerializer.Serialize(new { type = "offer", sdp = await BrowserOfferAsync() }));
            // The answer and the first candidates may come in any order, as from Momo (its threads race too).
            var replies = new List<string>();
            while (!replies.Any(IsAnswer) || replies.Count < 2)
            {
                replies.Add((await client.ReceiveTextAsync())!);
            }
            var answer = JsonDocument.Parse(replies.Single(IsAnswer)).RootElement;
            Assert.Contains("m=video", answer.GetProperty("sdp").GetString(), StringComparison.Ordinal);
            Assert.All(replies.Where(reply => !IsAnswer(reply)), candidate => Assert.Matches(
                """^\{"type":"candidate","ice":\{"candidate":"candidate:[^"]+","sdpMLineIndex":0,"sdpMid":"0"\}\}$""", candidate));
        }
        Assert.Equal(2, await momo.Media.ConnectionCountAsync());

        await first.SendAsync("""{"type":"close"}""");

        await Eventually.TrueAsync(async () => await momo.Media.ConnectionCountAsync() == 1, "close dropped one PeerConnection");
        Assert.Equal(2, momo.OpenSessions);
    }

    [Fact]
    public async Task In_p2p_mode_a_candidate_momo_cannot_read_takes_it_down_like_the_real_one()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        await using (var client = await JsonSocket.ConnectAsync(momo.Url))
        {
            await client.SendAsync(JsonSerializer.Serialize(new { type = "offer", sdp = await BrowserOfferAsync() }));
            await client.ReceiveAsync();
            await client.SendAsync("""{"type":"candidate","ice":{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host","sdpMLineIndex":0}}""");

            await Eventually.TrueAsync(() => !momo.IsRunning, "the emulator went down");
        }

        Assert.Single(momo.Violations);
        await Assert.ThrowsAsync<WebSocketException>(() => JsonSocket.ConnectAsync(momo.Url));
        await momo.StartAsync();
        await using var again = await JsonSocket.ConnectAsync(momo.Url);
    }

    [Fact]
    public async Task In_ayame_mode_momo_registers_with_key_answers_pings_and_registers_again_at_once_after_bye()
    {
        await using var server = await ScriptedAyameServer.StartAsync();
        await using var momo = await MomoAyameEmulator.StartAsync(chromium.Browser, server.Url, "camera-room", "room-key-123");
        await using var connection = await server.NextConnectionAsync(SoonerThanAnyWatchdog);

        var register = await connection.ReceiveTextAsync();
        Assert.Matches(
            """^\{"type":"register","clientId":"[A-Za-z0-9]{32}","roomId":"camera-room","ayameClient":"WebRTC Native Client Momo [^"]+","libwebrtc":"[^"]+","environment":"[^"]+","key":"room-key-123"\}$""",
            register);
        await connection.SendAsync("""{"type":"accept","connectionId":"01HX","isExistClient":false,"isExistUser":false,"iceServers":[{"urls":["stun:127.0.0.1:3478"]}]}""");
        await connection.SendAsync("""{"type":"ping"}""");
        Assert.Equal("""{"type":"pong"}""", await connection.ReceiveTextAsync());

        await connection.SendAsync("""{"type":"bye"}""");
        await connection.CloseAsync();

        await using var again = await server.NextConnectionAsync(SoonerThanAnyWatchdog);
        Assert.Contains("\"type\":\"register\"", await again.ReceiveTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2, momo.Registers);
        Assert.Empty(momo.Violations);
    }

    [Fact]
    public async Task In_ayame_mode_without_pings_momos_watchdog_resets_and_reconnects()
    {
        var quickWatchdog = MomoAyameTimers.Momo with { ConnectingWatchdog = TimeSpan.FromSeconds(1) };
        await using var server = await ScriptedAyameServer.StartAsync();
        await using var momo = await MomoAyameEmulator.StartAsync(chromium.Browser, server.Url, "quiet-room", null, quickWatchdog);
        await using var silent = await server.NextConnectionAsync(SoonerThanAnyWatchdog);
        Assert.DoesNotContain("\"key\"", await silent.ReceiveTextAsync(), StringComparison.Ordinal);
        await silent.SendAsync("""{"type":"accept","connectionId":"01HX","isExistClient":false,"isExistUser":false}""");

        await using var next = await server.NextConnectionAsync(SoonerThanAnyWatchdog);

        Assert.Contains("\"type\":\"register\"", await next.ReceiveTextAsync(), StringComparison.Ordinal);
        // Momo's reset drops the old socket without a close handshake.
        await Assert.ThrowsAsync<WebSocketException>(() => silent.ReceiveTextAsync());
    }

    [Fact]
    public async Task In_ayame_mode_momo_offers_when_a_viewer_is_there_and_otherwise_answers_the_viewers_offer()
    {
        await using var server = await ScriptedAyameServer.StartAsync();
        await using var offering = await MomoAyameEmulator.StartAsync(chromium.Browser, server.Url, "room-a", null);
        await using var toOffering = await server.NextConnectionAsync(SoonerThanAnyWatchdog);
        await toOffering.ReceiveTextAsync();
        await toOffering.SendAsync("""{"type":"accept","connectionId":"01HX","isExistClient":true,"isExistUser":true,"iceServers":[]}""");
        var offer = (await toOffering.ReceiveAsync())!.Value;
        Assert.Equal("offer", offer.GetProperty("type").GetString());
        Assert.Contains("a=sendonly", offer.GetProperty("sdp").GetString(), StringComparison.Ordinal);

        await using var answering = await MomoAyameEmulator.StartAsync(chromium.Browser, server.Url, "room-b", null);
        await using var toAnswering = await server.NextConnectionAsync(SoonerThanAnyWatchdog);
        await toAnswering.ReceiveTextAsync();
        await toAnswering.SendAsync("""{"type":"accept","connectionId":"01HY","isExistClient":false,"isExistUser":false,"iceServers":[]}""");
        await toAnswering.SendAsync(JsonSerializer.Serialize(new { type = "offer", sdp = await BrowserOfferAsync() }));
        var answer = (await toAnswering.ReceiveAsync())!.Value;
        Assert.Equal("answer", answer.GetProperty("type").GetString());
        Assert.Empty(offering.Violations);
        Assert.Empty(answering.Violations);
    }

    private static bool IsAnswer(string message) => message.StartsWith("""{"type":"answer",""", StringComparison.Ordinal);

    /// <summary>An offer as the viewer page makes it: receive video only.</summary>
    private async Task<string> BrowserOfferAsync()
    {
        var page = await _browserSide.NewPageAsync();
        return await page.EvaluateAsync<string>(
            """
            async () => {
              const pc = new RTCPeerConnection();
              pc.addTransceiver('video', { direction: 'recvonly' });
              await pc.setLocalDescription(await pc.createOffer());
              window.keep = pc;
              return pc.localDescription.sdp;
            }
            """);
    }
}
