using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Gateway.Tests;

public sealed class SignInPageTests(GatewayFixture gateway, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<GatewayFixture>, IClassFixture<ChromiumFixture>
{
    // Polls the address rather than waiting for a navigation event, which a loaded machine can deliver before the wait starts.
    private static readonly PageAssertionsToHaveURLOptions Generous = new() { Timeout = 30_000 };

    [Fact]
    public async Task Signing_in_on_the_page_returns_to_the_local_page_and_shows_the_role()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.GatewayUri, "/signin?returnUrl=%2F%3Fwelcome").ToString());

        await page.FillAsync("#password", "wrong-password");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#error")).ToHaveTextAsync("Wrong password.");

        await page.FillAsync("#password", GatewayFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new Uri(gateway.GatewayUri, "/?welcome").ToString(), Generous);
        await Assertions.Expect(page.Locator("#session")).ToContainTextAsync("Signed in as admin");
    }

    [Fact]
    public async Task The_sign_in_page_never_follows_a_return_url_to_another_site()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.GatewayUri, "/signin?returnUrl=https%3A%2F%2Fevil.example%2F").ToString());

        await page.FillAsync("#password", GatewayFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page).ToHaveURLAsync(gateway.GatewayUri.ToString(), Generous);
        await Assertions.Expect(page.Locator("#session")).ToContainTextAsync("Signed in as admin");
    }
}
