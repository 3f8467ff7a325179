using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.EndToEnd.Tests;

/// <summary>A test class of a LAN room: a Chromium context on the server for the host's pages, and one on the guest host.</summary>
[SupportedOSPlatform("linux")]
public abstract class LanRoomPages(LanRoom room, ITestOutputHelper output) : HostAndGuestContexts
{
    protected LanRoom Room => room;

    protected ITestOutputHelper Output => output;

    protected override Task<IBrowserContext> NewHostContextAsync() => room.NewHostContextAsync(output);

    protected override Task<IBrowserContext> NewGuestContextAsync() => room.NewGuestContextAsync(output);

    /// <summary>
    /// The host's call page and the guest's join <paramref name="callRoom"/>, one after the other, with relay-only ICE,
    /// and see each other connected and decoding video.
    /// </summary>
    protected async Task<(CallPage Host, CallPage Guest)> CallThroughCoturnAsync(string callRoom, int frames)
    {
        var host = await CallPage.OpenAsync(HostContext, room.PublicUri, callRoom, forceRelay: true);
        var guest = await CallPage.OpenAsync(GuestContext, room.PublicUri, callRoom, forceRelay: true);

        await host.JoinAsync("Host");
        await guest.JoinAsync("Guest");

        await host.WaitForConnectedPeersAsync("Guest");
        await guest.WaitForConnectedPeersAsync("Host");
        await Task.WhenAll(host.WaitForDecodedVideoAsync(frames), guest.WaitForDecodedVideoAsync(frames));
        return (host, guest);
    }
}
