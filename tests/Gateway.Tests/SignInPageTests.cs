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

    [Theory]
    [InlineData("%2F%09%2Fevil.example%2F")]
    [InlineData("%2F%0D%0A%2Fevil.example%2F")]
    [InlineData("%2F%09%5Cevil.example%2F")]
    public async Task The_sign_in_page_never_follows_a_return_url_that_hides_another_host_behind_a_tab_or_newline(string returnUrl)
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.GatewayUri, "/signin?returnUrl=" + returnUrl).ToString());

        await page.FillAsync("#password", GatewayFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");

        await Assertions.Expect(page.Locator("#session")).ToContainTextAsync("Signed in as admin");
        Assert.StartsWith(gateway.GatewayUri.ToString(), page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:{0}/")]
    [InlineData("http://evil.example/")]
    public async Task A_page_elsewhere_that_posts_a_form_to_sign_out_does_not_end_the_session(string pageAddressFormat)
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        // Another port of this host (the same site: the strict cookie goes along) or another site, served by the browser itself.
        var elsewhere = string.Format(System.Globalization.CultureInfo.InvariantCulture, pageAddressFormat, Hiroba.LocalComponents.FreePorts.Tcp());
        var signOut = new Uri(gateway.GatewayUri, "/api/auth/sign-out").ToString();
        await context.RouteAsync(elsewhere + "**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"<form method=\"post\" action=\"{signOut}\"></form><script>document.forms[0].submit()</script>",
        }));

        var posted = page.WaitForResponseAsync(signOut);
        // The page posts the form while it loads, so it never finishes loading itself.
        await page.GotoAsync(elsewhere, new() { WaitUntil = WaitUntilState.Commit });
        await posted;

        await using var me = await context.APIRequest.GetAsync(new Uri(gateway.GatewayUri, "/api/auth/me").ToString());
        Assert.Equal(200, me.Status);
    }

    [Fact]
    public async Task Signing_out_on_the_site_ends_the_session()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await page.ClickAsync("#session button");

        await Assertions.Expect(page.Locator("#session")).Not.ToContainTextAsync("Signed in", new() { Timeout = 30_000 });
        await using var me = await context.APIRequest.GetAsync(new Uri(gateway.GatewayUri, "/api/auth/me").ToString());
        Assert.Equal(401, me.Status);
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(new Uri(gateway.GatewayUri, "/signin").ToString());
        await page.FillAsync("#password", GatewayFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#session")).ToContainTextAsync("Signed in as admin");
    }
}
