using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// Two camera bridge processes behind the gateway: one serves the cameras, the other stands by and takes over, with the
/// admin's cameras, when the first dies; the one-viewer rule holds throughout.
/// </summary>
[Collection(CameraReplicasCollection.Name)]
public sealed class CameraReplicaTests(CameraReplicasStack stack, ChromiumFixture chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task The_standby_serves_nothing_and_takes_over_with_the_admins_cameras_when_the_serving_process_dies()
    {
        var leader = await stack.WaitForLeaderAsync();
        var standby = 3 - leader;
        var cookies = await JsonSocket.SignInAsync(stack.GatewayUri, HirobaStack.AdminPassword);
        using (var direct = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = stack.Bridge(standby).BaseUri })
        {
            await ProblemAssertions.AssertProblemAsync(await direct.GetAsync("/api/cameras"), HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await direct.GetAsync("/healthz/leader")).StatusCode);
            // Ready all the same (once its broker connection is up, which may follow its start): ready to take over, which
            // is what a rolling update waits for.
            await Eventually.TrueAsync(async () => (await direct.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "the standby is ready");
        }
        var cameraId = await stack.AddCameraAsync(new { name = "Bench", url = "ws://127.0.0.1:9/ws" });

        await stack.Bridge(leader).KillAsync();
        try
        {
            Assert.Equal(standby, await stack.WaitForLeaderAsync(other: leader));
            using var admin = await stack.CreateSignedInClientAsync();
            await Eventually.TrueAsync(async () =>
                await admin.GetAsync("/api/cameras") is { StatusCode: HttpStatusCode.OK } response
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Any(camera => camera.GetProperty("id").GetString() == cameraId),
                "the gateway lists the admin's camera from the process that took over");

            await stack.Bridge(leader).RestartAsync();
            // Back, the first process stands by: the cameras stay where they are.
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(standby, await stack.LeaderAsync());
        }
        finally
        {
            await stack.RestartIfDownAsync(leader);
        }
    }

    [Fact]
    public async Task A_viewer_watches_again_by_itself_after_the_serving_process_dies_and_a_second_viewer_is_still_told_it_is_busy()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        var cameraId = await stack.AddCameraAsync(new { name = "Lathe", url = momo.Url.ToString() });
        await using var firstContext = await chromium.NewContextAsync(output);
        await using var secondContext = await chromium.NewContextAsync(output);
        var first = await CameraPage.OpenAsync(firstContext, stack.GatewayUri, HirobaStack.ViewerPassword);
        await first.WaitForStatusAsync(cameraId, "Online");
        await first.WatchAsync(cameraId);
        await first.WaitForDecodedFramesAsync();
        var leader = await stack.WaitForLeaderAsync();

        await stack.Bridge(leader).KillAsync();
        try
        {
            await stack.WaitForLeaderAsync(other: leader);
            await first.WaitForViewerStateAsync("live");
            var framesThen = await first.FramesDecodedAsync();
            await first.WaitForDecodedFramesAsync(framesThen + 30);
            await Assertions.Expect(first.Page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");

            var second = await CameraPage.OpenAsync(secondContext, stack.GatewayUri, HirobaStack.ViewerPassword);
            await second.WaitForStatusAsync(cameraId, "Busy");
            await second.WatchAsync(cameraId);
            await second.WaitForViewerStateAsync("busy");
            Assert.Equal(1, momo.OpenSessions);
            Assert.Equal(2, momo.SessionsOpened);
            Assert.Empty(momo.Violations);
        }
        finally
        {
            await stack.RestartIfDownAsync(leader);
        }
    }

    [Fact]
    public async Task The_cameras_page_goes_live_again_by_itself_after_every_process_was_down_for_a_while()
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await CameraPage.OpenAsync(context, stack.GatewayUri, HirobaStack.ViewerPassword);
        var live = page.Page.Locator("#live");
        await Assertions.Expect(live).ToHaveAttributeAsync("data-state", "live");

        await stack.Bridge(1).KillAsync();
        await stack.Bridge(2).KillAsync();
        try
        {
            await Assertions.Expect(live).Not.ToHaveAttributeAsync("data-state", "live");
            // Meanwhile the gateway answers the page's reconnections 502 or 503, on which EventSource gives up.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await stack.RestartIfDownAsync(1);
            await stack.RestartIfDownAsync(2);
        }

        await Assertions.Expect(live).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });
        var added = await stack.AddCameraAsync(new { name = "Gate", url = "ws://127.0.0.1:9/ws" });
        await page.WaitForStatusAsync(added, "Offline");
    }
}
