using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;
using Microsoft.Playwright;

namespace Hiroba.RoomBench;

/// <summary>
/// A guest on the guest host presses Start on the guest page; the time until the host's wall, in the host's browser on
/// the server, has loaded that guest's first image. Both browsers read the same system clock
/// (<c>performance.timeOrigin + performance.now()</c>), so the two ends are compared directly.
/// </summary>
[SupportedOSPlatform("linux")]
public static class WallScenario
{
    /// <summary>Records, in the wall page, when each guest's panel first loaded an image (its 'load' event).</summary>
    private const string RecordFirstImages = """
        () => {
          window.benchShown = {};
          document.addEventListener('load', (event) => {
            const image = event.target;
            if (!(image instanceof HTMLImageElement) || !image.dataset.snapshotId || image.naturalWidth === 0) return;
            const name = image.closest('.wall-panel')?.querySelector('.wall-name')?.textContent;
            if (name && !(name in window.benchShown)) window.benchShown[name] = performance.timeOrigin + performance.now();
          }, true);
        }
        """;

    private const string PressStart = """
        () => {
          const pressed = performance.timeOrigin + performance.now();
          document.getElementById('start').click();
          return pressed;
        }
        """;

    /// <returns>Milliseconds from Start to the first image on the wall, per run; the first (warm-up) run is not among them.</returns>
    public static async Task<IReadOnlyList<double>> RunAsync(LanRoom room, int runs)
    {
        await using var host = await room.NewHostContextAsync();
        var workshop = await room.CreateWorkshopAsync(host, "Room benchmark");
        var wall = await WallPages.OpenHostAsync(host, workshop.HostLink);
        await wall.EvaluateAsync(RecordFirstImages);
        var results = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var name = $"Guest {run}";
            await using var guestContext = await room.NewGuestContextAsync();
            var guest = await WallPages.OpenGuestAsync(guestContext, workshop.GuestLink, name, start: false);
            var pressed = await guest.EvaluateAsync<double>(PressStart);
            await WallPages.WaitForImageAsync(wall, name);
            var shown = await wall.EvaluateAsync<double>("name => window.benchShown[name]", name);
            RunReport.Write(run, $"Start → first image on the wall {shown - pressed,6:0} ms");
            if (run > 0)
            {
                results.Add(shown - pressed);
            }
        }
        return results;
    }
}
