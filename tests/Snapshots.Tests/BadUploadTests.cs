using System.Net;
using System.Text;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>Uploads that are not a complete image of an accepted type, too large, or too many: refused, and nothing else changes.</summary>
[Collection(SnapshotsCollection.Name)]
public sealed class BadUploadTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_text_file_a_truncated_png_and_a_5_MB_image_are_refused_with_problem_details_and_the_previous_image_stays()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Ann");
        using var host = stack.Host(workshop);
        var original = TestImages.Png(seed: 1);
        var first = await guest.UploadAcceptedAsync(original);

        var text = await PacedAsync(() => guest.UploadAsync(Encoding.UTF8.GetBytes("just some text, saved as screen.png"), "image/png"));
        var textProblem = await ProblemAssertions.AssertProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("not a PNG, JPEG or WebP", textProblem.Detail, StringComparison.Ordinal);

        var truncated = await PacedAsync(() => guest.UploadAsync(original[..^20]));
        var truncatedProblem = await ProblemAssertions.AssertProblemAsync(truncated, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("incomplete", truncatedProblem.Detail, StringComparison.Ordinal);

        var large = await PacedAsync(() => guest.UploadAsync(TestImages.OversizedPng(5 * 1000 * 1000)));
        await ProblemAssertions.AssertProblemAsync(large, HttpStatusCode.RequestEntityTooLarge);

        var shown = await host.GetGuestAsync(guest.GuestId);
        Assert.Equal(first, shown.GetProperty("lastSnapshot").GetProperty("id").GetString());
        Assert.Equal(1, shown.GetProperty("uploads").GetInt32());
        Assert.Equal(original, await host.GetImageAsync(first));
        Assert.Empty(Directory.GetFiles(Path.Combine(stack.ImagesPath, ".incoming")));
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task An_image_above_the_gateways_general_body_limit_but_within_the_services_is_accepted()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Big screen");
        using var host = stack.Host(workshop);
        var large = TestImages.Png(1920, 1500, noise: true);
        Assert.InRange(large.Length, 2 * 1024 * 1024, 4 * 1024 * 1024);

        var snapshotId = await guest.UploadAcceptedAsync(large);

        Assert.Equal(large, await host.GetImageAsync(snapshotId));
    }

    [Fact]
    public async Task A_burst_of_uploads_gets_429_with_retry_after_beyond_two_a_second()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Ben");
        using var host = stack.Host(workshop);

        var images = Enumerable.Range(0, 10).Select(seed => TestImages.Png(seed: seed)).ToArray();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var responses = await Task.WhenAll(images.Select(image => guest.UploadAsync(image)));
        var seconds = clock.Elapsed.TotalSeconds;

        var accepted = responses.Count(response => response.StatusCode == HttpStatusCode.Created);
        var refused = responses.Where(response => response.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        // Two a second: exactly two when the burst fits in one second, as it does unless the machine is very busy.
        Assert.InRange(accepted, 1, 2 * (int)Math.Ceiling(Math.Max(1, seconds)));
        Assert.NotEmpty(refused);
        Assert.Equal(10 - accepted, refused.Length);
        foreach (var response in refused)
        {
            await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.Equal(accepted, (await host.GetGuestAsync(guest.GuestId)).GetProperty("uploads").GetInt32());
        await AssertHealthyAsync();
    }

    [Fact]
    public async Task Uploads_to_an_unknown_room_or_guest_are_refused()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var guest = await stack.Guest(workshop.Id).JoinAsync("Cat");
        using var stranger = stack.Guest("no-such-workshop");
        stranger.Token = guest.Token;

        await ProblemAssertions.AssertProblemAsync(await stranger.UploadAsync(TestImages.Png(), asGuestId: guest.GuestId), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await guest.UploadAsync(TestImages.Png(), asGuestId: "aaaaaaaaaaaaaaaa"), HttpStatusCode.NotFound);
    }

    private async Task AssertHealthyAsync()
    {
        using var direct = stack.Service("Snapshots").CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await direct.GetAsync("/healthz")).StatusCode);
    }

    /// <summary>Every attempt counts against the guest's two uploads a second; wait for a free slot instead of failing.</summary>
    private static async Task<HttpResponseMessage> PacedAsync(Func<Task<HttpResponseMessage>> upload)
    {
        while (true)
        {
            var response = await upload();
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return response;
            }
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }
}
