using System.Diagnostics;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Feed.Tests;

/// <summary>Browser journeys in Chromium through the real gateway, with the real Feed service and broker.</summary>
[Collection(Collection)]
public sealed class FeedPageTests(FeedSiteFixture site, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<FeedSiteFixture>, IClassFixture<ChromiumFixture>
{
    /// <summary>
    /// The feed's page tests run one class after another: two stacks and two Chromiums side by side on 2 cores left a
    /// page reconnecting after a broker restart for longer than its 30 s.
    /// </summary>
    public const string Collection = "Feed pages";

    private const float Generous = 30_000;
    private const string Posts = "#posts > li";

    [Fact]
    public async Task A_post_made_in_the_editor_appears_at_the_top_of_every_open_feed_page_without_reload()
    {
        await using var context = await chromium.NewContextAsync(output);
        var securityErrors = CollectConsoleErrors(context);
        var first = await OpenFeedAsync(context);
        var second = await OpenFeedAsync(context);
        var editor = await context.NewPageAsync();
        await editor.GotoAsync(site.PageUri("/feed/new").ToString());
        var title = $"Live {Guid.NewGuid():N}"[..20];

        await editor.FillAsync("#title", title);
        await editor.FillAsync("#body", "line one\nline two");
        var clock = Stopwatch.StartNew();
        await editor.PressAsync("#body", "Control+Enter");

        foreach (var page in new[] { first, second })
        {
            await Expect(page.Locator(Posts).First.Locator(".post-title")).ToHaveTextAsync(title, new() { Timeout = Generous });
            output.WriteLine($"Shown on a feed page {clock.ElapsedMilliseconds} ms after Ctrl+Enter.");
            var top = page.Locator(Posts).First;
            // innerText follows the CSS, so it keeps the line break only if the page shows it.
            Assert.Equal("line one\nline two", await top.Locator(".post-body").InnerTextAsync());
            await Expect(top.Locator("time")).ToHaveTextAsync("just now");
            Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.testMarker"));
            var id = await top.GetAttributeAsync("data-id");
            await Expect(page.Locator($"{Posts}[data-id='{id}']")).ToHaveCountAsync(1);
        }
        await Expect(editor.Locator("#success")).ToContainTextAsync($"Published “{title}”");
        Assert.Empty(securityErrors);
    }

    [Fact]
    public async Task Html_in_a_post_is_shown_as_text_and_runs_nothing()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await OpenFeedAsync(context);
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        const string title = "<b>bold?</b> <img src=x onerror=alert(2)>";
        const string body = "<img src=x onerror=alert(1)>\n<script>window.pwned = true; alert(3)</script>";
        using var client = site.CreateFeedApiClient();

        var post = await client.PublishAsync(title, body);

        var shown = page.Locator($"{Posts}[data-id='{post.Id}']");
        await Expect(shown.Locator(".post-title")).ToHaveTextAsync(title, new() { Timeout = Generous });
        await page.ReloadAsync();
        await Expect(shown.Locator(".post-body")).ToHaveTextAsync(body, new() { Timeout = Generous });
        foreach (var element in new[] { "img", "script", "b" })
        {
            await Expect(page.Locator($"#posts {element}")).ToHaveCountAsync(0);
        }
        Assert.False(await page.EvaluateAsync<bool>("() => window.pwned === true"));
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task Reloading_shows_the_history_newest_first_and_older_posts_page_in()
    {
        using var client = site.CreateFeedApiClient();
        var published = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            published.Add((await client.PublishAsync($"history {i}", $"body {i}")).Id);
        }
        await using var context = await chromium.NewContextAsync(output);
        var page = await OpenFeedAsync(context);

        await Expect(page.Locator(Posts)).ToHaveCountAsync(20);
        var firstPage = await ShownIdsAsync(page);
        Assert.Equal(published.AsEnumerable().Reverse().Take(20), firstPage);
        await page.ClickAsync("#older");
        await Expect(page.Locator(Posts)).Not.ToHaveCountAsync(20, new() { Timeout = Generous });

        var all = await ShownIdsAsync(page);
        Assert.Equal(all.OrderByDescending(long.Parse), all);
        Assert.Subset(all.ToHashSet(), published.ToHashSet());
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
    }

    [Fact]
    public async Task A_post_an_admin_deletes_disappears_live_from_every_open_page()
    {
        using var client = site.CreateFeedApiClient();
        var post = await client.PublishAsync("to be deleted", "soon gone");
        await using var visitorContext = await chromium.NewContextAsync(output);
        await using var adminContext = await chromium.NewContextAsync(output);
        await adminContext.AddCookiesAsync([AdminCookie(await site.SignInAsAdminAsync())]);
        var visitor = await OpenFeedAsync(visitorContext);
        var admin = await OpenFeedAsync(adminContext);
        var shownToVisitor = visitor.Locator($"{Posts}[data-id='{post.Id}']");
        await Expect(shownToVisitor).ToHaveCountAsync(1);
        await Expect(visitor.Locator($"{Posts} button.danger")).ToHaveCountAsync(0);

        await admin.Locator($"{Posts}[data-id='{post.Id}'] button.danger").ClickAsync();

        await Expect(shownToVisitor).ToHaveCountAsync(0, new() { Timeout = Generous });
        await Expect(admin.Locator($"{Posts}[data-id='{post.Id}']")).ToHaveCountAsync(0);
        Assert.Equal("not reloaded", await visitor.EvaluateAsync<string>("() => window.testMarker"));
    }

    [Fact]
    public async Task Posts_made_while_the_broker_restarts_all_appear_afterwards_each_once()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await OpenFeedAsync(context);
        using var client = site.CreateFeedApiClient();

        await site.Broker.StopAsync();
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "reconnecting", new() { Timeout = Generous });
        var during = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            during.Add((await client.PublishAsync($"during the outage {i}")).Id);
        }
        await site.Broker.StartAsync();

        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = Generous });
        foreach (var id in during)
        {
            await Expect(page.Locator($"{Posts}[data-id='{id}']")).ToHaveCountAsync(1, new() { Timeout = Generous });
        }
        // The outbox publishes the outage's events before this one, so once it is shown live their live copies have come too.
        await site.WaitUntilFeedReadyAsync();
        var marker = await client.PublishAsync("after the outage");
        await Expect(page.Locator(Posts).First).ToHaveAttributeAsync("data-id", marker.Id, new() { Timeout = Generous });
        foreach (var id in during)
        {
            await Expect(page.Locator($"{Posts}[data-id='{id}']")).ToHaveCountAsync(1);
        }
        var shown = await ShownIdsAsync(page);
        Assert.Equal(shown.OrderByDescending(long.Parse), shown);
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.testMarker"));
    }

    [Fact]
    public async Task A_page_the_gateway_turned_away_while_the_broker_was_down_goes_live_by_itself_once_it_is_back()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await OpenFeedAsync(context);
        using var client = site.CreateFeedApiClient();

        await site.Broker.StopAsync();
        // The page tries again every second; the gateway, without its broker subscription, refuses it.
        await Eventually.TrueAsync(() => site.Gateway.RecentOutput.Any(line => line.Contains("ConnectionRefusedServerUnavailable", StringComparison.Ordinal)),
            "the gateway refused the page while the broker was down");
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "reconnecting");
        await site.Broker.StartAsync();

        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = Generous });
        await site.WaitUntilFeedReadyAsync();
        var post = await client.PublishAsync("after the refusal");
        await Expect(page.Locator(Posts).First).ToHaveAttributeAsync("data-id", post.Id, new() { Timeout = Generous });
    }

    [Fact]
    public async Task The_editor_counts_characters_and_shows_the_apis_problem_next_to_the_field()
    {
        await using var context = await chromium.NewContextAsync(output);
        var editor = await context.NewPageAsync();
        await editor.GotoAsync(site.PageUri("/feed/new").ToString());

        await editor.FillAsync("#title", new string('x', 101));
        await editor.FillAsync("#body", "🎌🎌 two flags");
        await Expect(editor.Locator("#title-count")).ToHaveTextAsync("101 / 100");
        await Expect(editor.Locator("#title-count")).ToHaveClassAsync("counter over");
        await Expect(editor.Locator("#body-count")).ToHaveTextAsync("12 / 2000");
        await editor.PressAsync("#title", "Control+Enter");

        await Expect(editor.Locator("#title-error")).ToContainTextAsync("at most 100 characters", new() { Timeout = Generous });
        await Expect(editor.Locator("#title")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(editor.Locator("#body-error")).ToBeHiddenAsync();

        await editor.FillAsync("#title", "  fixed  ");
        await Expect(editor.Locator("#title-count")).ToHaveTextAsync("5 / 100");
        await editor.ClickAsync("#publish");

        await Expect(editor.Locator("#success")).ToContainTextAsync("Published “fixed”", new() { Timeout = Generous });
        await Expect(editor.Locator("#title-error")).ToBeHiddenAsync();
        await Expect(editor.Locator("#title")).ToHaveValueAsync("");
        await Expect(editor.Locator("#success a[href='/feed']")).ToHaveCountAsync(1);
    }

    /// <summary>Opens <c>/feed</c>, waits until it is live, and marks the window so a reload would show.</summary>
    private Task<IPage> OpenFeedAsync(IBrowserContext context) => site.OpenFeedAsync(context);

    private static async Task<List<string>> ShownIdsAsync(IPage page) =>
        [.. (await page.Locator(Posts).EvaluateAllAsync<string[]>("items => items.map(item => item.dataset.id)"))];

    private Cookie AdminCookie(string cookieHeader)
    {
        var (name, value) = (cookieHeader[..cookieHeader.IndexOf('=')], cookieHeader[(cookieHeader.IndexOf('=') + 1)..]);
        return new Cookie { Name = name, Value = value, Url = site.GatewayUri.ToString() };
    }

    /// <summary>Console errors about the content security policy (inline script or style would cause them).</summary>
    private static List<string> CollectConsoleErrors(IBrowserContext context)
    {
        var errors = new List<string>();
        context.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (errors)
                {
                    errors.Add(message.Text);
                }
            }
        };
        return errors;
    }
}
