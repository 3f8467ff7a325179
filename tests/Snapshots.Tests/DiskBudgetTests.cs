using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>A stack whose workshops may keep only 1 MiB of images each.</summary>
public sealed class SmallDiskStack : SnapshotsStack
{
    public const long Budget = 1024 * 1024;

    protected override void ConfigureSnapshots(IDictionary<string, string?> settings) =>
        settings["Snapshots:RoomDiskBudgetBytes"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The per-room disk budget: older history gives way first; only when the latest images alone do not fit is an upload refused.</summary>
public sealed class DiskBudgetTests(SmallDiskStack stack) : IClassFixture<SmallDiskStack>
{
    [Fact]
    public async Task Over_budget_the_oldest_history_goes_first_and_an_upload_that_cannot_fit_is_refused_leaving_the_previous_image()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        using var ben = await stack.Guest(workshop.Id).JoinAsync("Ben");
        using var host = stack.Host(workshop);
        var annImages = new List<string>();
        for (var seed = 0; seed < 3; seed++)
        {
            annImages.Add(await ann.UploadAcceptedAsync(TestImages.Png(600, 500, seed, noise: true)));
        }

        var bens = TestImages.Png(600, 500, seed: 9, noise: true);
        var bensFirst = await ben.UploadAcceptedAsync(bens);

        await ProblemAssertions.AssertProblemAsync(await host.GetAsync($"snapshots/{annImages[0]}"), HttpStatusCode.NotFound);
        foreach (var kept in annImages.Skip(1).Append(bensFirst))
        {
            Assert.Equal(HttpStatusCode.OK, (await host.GetAsync($"snapshots/{kept}")).StatusCode);
        }

        // With it as Ben's latest, the two latest images alone would exceed the budget.
        var tooLarge = TestImages.Png(1000, 900, seed: 10, noise: true);
        Assert.InRange(tooLarge.Length, SmallDiskStack.Budget - TestImages.Png(600, 500, 2, noise: true).Length + 1, SmallDiskStack.Budget);
        var refused = await ben.UploadAsync(tooLarge);
        await ProblemAssertions.AssertProblemAsync(refused, HttpStatusCode.InsufficientStorage);
        Assert.Equal(bensFirst, (await host.GetGuestAsync(ben.GuestId)).GetProperty("lastSnapshot").GetProperty("id").GetString());
        Assert.Equal(bens, await host.GetImageAsync(bensFirst));
    }
}
