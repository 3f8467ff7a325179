using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// The guest link as a QR code on <c>/collect/new</c> and on the projector view <c>/collect/join</c>: what the page
/// shows is read back from its pixels by a QR decoder and must be the guest link on the public URL.
/// </summary>
[Collection(AdminStackCollection.Name)]
public sealed class JoinPagesTests(AdminStack stack, ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly LocatorAssertionsToBeVisibleOptions Generous = new() { Timeout = 30_000 };

    private IBrowserContext _context = null!;

    public async Task InitializeAsync() =>
        _context = await chromium.NewContextAsync(output, new() { ViewportSize = new() { Width = 1920, Height = 1080 } });

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task A_new_workshop_shows_its_guest_link_with_a_qr_code_that_decodes_to_it()
    {
        var page = await stack.SignedInPageAsync(_context);
        await page.GotoAsync(stack.PageUrl("/collect/new"));
        await Expect(page.Locator("#new-workshop")).ToBeVisibleAsync(Generous);
        await page.FillAsync("#title", "QR workshop");
        await page.ClickAsync("#create");
        await Expect(page.Locator("#created")).ToBeVisibleAsync(Generous);

        var guestLink = await page.InputValueAsync("#guest-link");
        var roomId = new Uri(guestLink).Query["?room=".Length..];
        Assert.Equal(AdminStack.GuestLink(roomId), guestLink);
        Assert.StartsWith($"{AdminStack.PublicUrl}/collect/view?room={roomId}#key=", await page.InputValueAsync("#host-link"), StringComparison.Ordinal);
        await WaitForImageAsync(page, "#guest-qr");
        Assert.Equal(guestLink, await QrCodeReader.ReadAsync(page.Locator("#guest-qr")));
        Assert.Equal($"/collect/join?room={roomId}", await page.GetAttributeAsync("#open-projector", "href"));
    }

    [Fact]
    public async Task The_projector_view_shows_the_title_and_a_big_qr_code_of_the_guest_link()
    {
        var roomId = await stack.CreateRoomAsync("workshop", "Rust for beginners");
        var page = await _context.NewPageAsync();

        await page.GotoAsync(stack.PageUrl($"/collect/join?room={roomId}"));

        await Expect(page.Locator("#room-title")).ToHaveTextAsync("Rust for beginners", new() { Timeout = 30_000 });
        await Expect(page.Locator("#guest-link")).ToHaveTextAsync(AdminStack.GuestLink(roomId));
        await WaitForImageAsync(page, "#guest-qr");
        Assert.Equal(AdminStack.GuestLink(roomId), await QrCodeReader.ReadAsync(page.Locator("#guest-qr")));
        var code = await page.Locator("#guest-qr").BoundingBoxAsync();
        Assert.True(code is { Height: >= 540 }, $"the code fills at least half the screen's height (it is {code?.Height} pixels)");
    }

    [Fact]
    public async Task The_projector_view_of_a_closed_or_unknown_workshop_says_so_and_shows_no_code()
    {
        var roomId = await stack.CreateRoomAsync("workshop", "Finished workshop");
        using (var admin = await stack.CreateSignedInClientAsync())
        {
            (await admin.DeleteAsync($"/api/rooms/{roomId}")).EnsureSuccessStatusCode();
        }
        var page = await _context.NewPageAsync();

        await page.GotoAsync(stack.PageUrl($"/collect/join?room={roomId}"));
        await Expect(page.Locator("#error")).ToHaveTextAsync("This workshop is closed.", new() { Timeout = 30_000 });
        await Expect(page.Locator("#guest-qr")).ToBeHiddenAsync();

        await page.GotoAsync(stack.PageUrl("/collect/join?room=no-such-room"));
        await Expect(page.Locator("#error")).ToHaveTextAsync("There is no workshop \"no-such-room\".", new() { Timeout = 30_000 });
        await Expect(page.Locator("#guest-qr")).ToBeHiddenAsync();
    }

    private static Task WaitForImageAsync(IPage page, string selector) =>
        page.WaitForFunctionAsync($"() => {{ const image = document.querySelector('{selector}'); return image.complete && image.naturalWidth > 0; }}");
}
