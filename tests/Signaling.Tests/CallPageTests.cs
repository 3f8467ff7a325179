using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Signaling.Tests;

/// <summary>The call page in Chromium with a fake camera, through the gateway, with the real coturn.</summary>
public sealed class CallPageTests(SignalingStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<SignalingStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private IBrowserContext _context = null!;

    public async Task InitializeAsync() => _context = await chromium.NewContextAsync(output);

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task Two_pages_decode_each_others_video()
    {
        var ann = await OpenAndJoinAsync("pair", "Ann");
        var ben = await OpenAndJoinAsync("pair", "Ben");

        await ann.WaitForConnectedPeersAsync("Ben");
        await ben.WaitForConnectedPeersAsync("Ann");
        await ann.WaitForDecodedVideoAsync();
        await ben.WaitForDecodedVideoAsync();
    }

    [Fact]
    public async Task With_relay_only_ice_the_media_goes_through_coturn()
    {
        var ann = await OpenAndJoinAsync("relayed", "Ann", forceRelay: true);
        var ben = await OpenAndJoinAsync("relayed", "Ben", forceRelay: true);

        await ann.WaitForDecodedVideoAsync();
        await ben.WaitForDecodedVideoAsync();

        foreach (var page in new[] { ann, ben })
        {
            var pairs = (await page.SelectedCandidatePairsAsync()).EnumerateArray().ToArray();
            Assert.Single(pairs);
            Assert.Equal("relay", pairs[0].GetProperty("local").GetString());
            Assert.Equal("relay", pairs[0].GetProperty("remote").GetString());
        }
    }

    [Fact]
    public async Task Three_pages_in_one_room_all_see_each_other_and_one_that_leaves_disappears()
    {
        var ann = await OpenAndJoinAsync("trio", "Ann");
        var ben = await OpenAndJoinAsync("trio", "Ben");
        var cat = await OpenAndJoinAsync("trio", "Cat");

        await ann.WaitForConnectedPeersAsync("Ben", "Cat");
        await ben.WaitForConnectedPeersAsync("Ann", "Cat");
        await cat.WaitForConnectedPeersAsync("Ann", "Ben");
        await Task.WhenAll(ann.WaitForDecodedVideoAsync(), ben.WaitForDecodedVideoAsync(), cat.WaitForDecodedVideoAsync());

        await cat.Page.ClickAsync("#leave");

        await ann.WaitForConnectedPeersAsync("Ben");
        await ben.WaitForConnectedPeersAsync("Ann");
        await cat.Page.WaitForFunctionAsync("() => document.getElementById('status').textContent === 'You left the call.'");
        Assert.Empty(await cat.RemoteNamesAsync());
        Assert.True(await cat.Page.IsVisibleAsync("#join-form"));
    }

    [Fact]
    public async Task Two_rooms_at_once_do_not_mix()
    {
        var pages = await Task.WhenAll(
            OpenAndJoinAsync("north", "Ann"), OpenAndJoinAsync("south", "Cat"),
            OpenAndJoinAsync("north", "Ben"), OpenAndJoinAsync("south", "Dan"));

        await pages[0].WaitForConnectedPeersAsync("Ben");
        await pages[2].WaitForConnectedPeersAsync("Ann");
        await pages[1].WaitForConnectedPeersAsync("Dan");
        await pages[3].WaitForConnectedPeersAsync("Cat");
        await Task.WhenAll(pages.Select(page => page.WaitForDecodedVideoAsync()));
        foreach (var page in pages)
        {
            Assert.Single(await page.RemoteNamesAsync());
        }
    }

    [Fact]
    public async Task A_full_room_and_a_denied_camera_get_clear_messages()
    {
        var occupants = new List<SignalingClient>();
        try
        {
            for (var i = 1; i <= 6; i++)
            {
                var occupant = await SignalingClient.ConnectAsync(stack.CallSignalingUri);
                occupants.Add(occupant);
                await occupant.SendAsync(new { type = "join", room = "crowded", name = $"P{i}" });
                await occupant.ReceiveAsync("welcome");
            }

            var page = await OpenWithoutCameraAsync("crowded");
            await page.WaitForSelectorAsync("#media-error:not([hidden])");
            Assert.Contains("denied", await page.TextContentAsync("#media-error"), StringComparison.Ordinal);
            await page.FillAsync("#name", "Seventh");
            await page.ClickAsync("#join");

            await page.WaitForSelectorAsync("#error:not([hidden])");
            Assert.Contains("full", await page.TextContentAsync("#error"), StringComparison.Ordinal);
            // The form comes back when the server closes the connection, a moment after the error.
            await page.WaitForSelectorAsync("#join-form", new() { State = WaitForSelectorState.Visible });
        }
        finally
        {
            foreach (var occupant in occupants)
            {
                await occupant.DisposeAsync();
            }
        }
    }

    private async Task<CallPage> OpenAndJoinAsync(string room, string name, bool forceRelay = false)
    {
        var page = await CallPage.OpenAsync(_context, stack.GatewayUri, room, forceRelay);
        await page.JoinAsync(name);
        return page;
    }

    private async Task<IPage> OpenWithoutCameraAsync(string room)
    {
        var page = await _context.NewPageAsync();
        await page.AddInitScriptAsync(
            "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));");
        await page.GotoAsync(new Uri(stack.GatewayUri, $"/call?room={room}").ToString());
        return page;
    }
}
