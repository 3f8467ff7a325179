using System.Net;
using System.Net.Http.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Feed.Tests;

/// <summary>
/// The whole feed as a browser sees it: the model's Feed and gateway (serving the pages and proxying <c>/api/feed</c>
/// and <c>/mqtt</c>) on the real broker.
/// </summary>
public class FeedSiteFixture() : HirobaStack("Feed")
{
    public Uri PageUri(string path) => new(GatewayUri, path);

    /// <summary>Opens <c>/feed</c> in a new page, waits until it is live, and marks the page to show it was never reloaded.</summary>
    public async Task<IPage> OpenFeedAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(PageUri("/feed").ToString());
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        await page.EvaluateAsync("() => { window.testMarker = 'not reloaded'; }");
        return page;
    }

    /// <summary>A client of the posts API through the gateway, as a browser's scripts use it.</summary>
    public FeedApiClient CreateFeedApiClient() => new(CreateClient());

    /// <summary>Signs in at the gateway with the admin password and returns the <c>Cookie</c> header value.</summary>
    public async Task<string> SignInAsAdminAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = GatewayUri };
        using var response = await client.PostAsJsonAsync("/api/auth/sign-in", new { password = AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    /// <summary>Waits until the Feed is connected to the broker again (after a test restarted it).</summary>
    public Task WaitUntilFeedReadyAsync() => Eventually.TrueAsync(async () =>
    {
        using var client = Service("Feed").CreateClient();
        using var response = await client.GetAsync("/readyz");
        return response.StatusCode == HttpStatusCode.OK;
    }, "the feed is connected to the broker", TimeSpan.FromSeconds(60));

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        foreach (var (key, value) in FeedFactory.TestLimits)
        {
            settings[key] = value;
        }
        return settings;
    }
}

/// <summary>The same with two Feed processes behind the gateway, sharing PostgreSQL (HIROBA_REPLICAS=2).</summary>
public sealed class FeedReplicasSiteFixture : FeedSiteFixture
{
    public FeedReplicasSiteFixture()
    {
        Replicas = 2;
    }
}
