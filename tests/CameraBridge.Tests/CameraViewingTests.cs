using Hiroba.TestSupport;
using Hiroba.TestSupport.Momo;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The cameras page in Chromium through the gateway, watching emulated Momo cameras (media from a fake camera).</summary>
public sealed class CameraViewingTests(CameraStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<CameraStack>, IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private IBrowserContext _viewer = null!;

    public async Task InitializeAsync() => _viewer = await chromium.NewContextAsync(output);

    public async Task DisposeAsync() => await _viewer.DisposeAsync();

    [Fact]
    public async Task A_viewer_decodes_frames_from_a_p2p_momo()
    {
        await using var momo = await MomoP2pEmulator.StartAsync(chromium.Browser);
        var cameraId = await stack.AddCameraAsync(new { name = "Workbench", url = momo.Url.ToString() });
        var page = await CameraPage.OpenAsync(_viewer, stack.GatewayUri, HirobaStack.ViewerPassword);
        await page.WaitForStatusAsync(cameraId, "Online");

        await page.WatchAsync(cameraId);

        await page.WaitForDecodedFramesAsync();
        await page.WaitForViewerStateAsync("live");
        Assert.Empty(momo.Violations);
    }
}
