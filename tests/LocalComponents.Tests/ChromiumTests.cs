using Hiroba.TestSupport;
using Xunit.Abstractions;

namespace Hiroba.LocalComponents.Tests;

public class ChromiumTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Fact]
    public async Task Loads_a_page_and_evaluates_script_in_it()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();

        await page.SetContentAsync("<title>hiroba</title><p id=greeting>hello</p>");
        var text = await page.EvaluateAsync<string>("() => document.title + ' ' + document.getElementById('greeting').textContent");

        Assert.Equal("hiroba hello", text);
    }

    [Fact]
    public async Task Offers_the_fake_camera_without_a_permission_prompt()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        // getUserMedia exists only in secure contexts, which include http://127.0.0.1.
        await page.RouteAsync("http://127.0.0.1/", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<p>camera</p>" }));
        await page.GotoAsync("http://127.0.0.1/");

        var tracks = await page.EvaluateAsync<int>(
            "async () => (await navigator.mediaDevices.getUserMedia({ video: true })).getVideoTracks().length");

        Assert.Equal(1, tracks);
    }
}
