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

    /// <summary>
    /// Someone who types the password and presses Enter before the page's script has run (a slow network) submits the
    /// plain form: it must still lead back to the page that sent them, as it does without scripts at all.
    /// </summary>
    [Fact]
    public async Task The_form_sent_before_the_pages_script_runs_still_returns_to_the_local_page()
    {
        await using var context = await chromium.NewContextAsync(output, new() { JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(gateway.GatewayUri, "/signin?returnUrl=%2F%3Fwelcome").ToString());

        await page.FillAsync("#password", GatewayFactory.AdminPassword);
        await page.PressAsync("#password", "Enter");

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(gateway.GatewayUri, "/?welcome").ToString(), Generous);
        await using var me = await context.APIRequest.GetAsync(new Uri(gateway.GatewayUri, "/api/auth/me").ToString());
        Assert.Equal(200, me.Status);
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

    [Fact]
    public async Task A_page_on_another_port_of_the_host_that_posts_a_form_to_sign_out_does_not_end_the_session()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        // The same site as the gateway, so the strict cookie goes along with the form.
        await using var elsewhere = await ForeignPage.StartAsync(SignOutForm());

        await PostTheFormAsync(page, elsewhere.Uri.ToString());

        await AssertStillSignedInAsync(context);
    }

    [Fact]
    public async Task A_page_of_another_site_that_posts_a_form_to_sign_out_does_not_end_the_session()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        // Another site, served by the browser itself: its form goes without the strict cookie.
        const string elsewhere = "http://evil.example/";
        await context.RouteAsync(elsewhere + "**", route => route.FulfillAsync(new() { ContentType = "text/html", Body = SignOutForm() }));

        await PostTheFormAsync(page, elsewhere);

        await AssertStillSignedInAsync(context);
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

    private string SignOutForm() =>
        $"<form method=\"post\" action=\"{new Uri(gateway.GatewayUri, "/api/auth/sign-out")}\"></form><script>document.forms[0].submit()</script>";

    private async Task PostTheFormAsync(IPage page, string pageUri)
    {
        var posted = page.WaitForResponseAsync(new Uri(gateway.GatewayUri, "/api/auth/sign-out").ToString());
        // The page posts the form while it loads, so it never finishes loading itself.
        await page.GotoAsync(pageUri, new() { WaitUntil = WaitUntilState.Commit });
        await posted;
    }

    private async Task AssertStillSignedInAsync(IBrowserContext context)
    {
        await using var me = await context.APIRequest.GetAsync(new Uri(gateway.GatewayUri, "/api/auth/me").ToString());
        Assert.Equal(200, me.Status);
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync(new Uri(gateway.GatewayUri, "/signin").ToString());
        await page.FillAsync("#password", GatewayFactory.AdminPassword);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#session")).ToContainTextAsync("Signed in as admin");
    }
}
