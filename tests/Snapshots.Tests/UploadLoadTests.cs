using System.Net;
using System.Net.Http.Headers;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// Many guests uploading large images at once through the gateway, most of them faster than their rate allows: every
/// upload gets the service's own answer (stored, or refused with problem details), never the gateway's 502.
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class UploadLoadTests(SnapshotsStack stack)
{
    private const int Guests = 24;
    private const int UploadsPerGuest = 4;

    [Fact]
    public async Task Concurrent_4_MiB_uploads_over_the_rate_and_other_refusals_get_their_status_and_never_a_502()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: Guests + 3);
        var guests = await Task.WhenAll(Enumerable.Range(0, Guests).Select(i => stack.Guest(workshop.Id).JoinAsync($"Guest {i}")));
        using var wrongToken = await stack.Guest(workshop.Id).JoinAsync("Wrong token");
        wrongToken.Token = guests[0].Token;
        using var notAnImage = await stack.Guest(workshop.Id).JoinAsync("Not an image");
        using var tooLarge = await stack.Guest(workshop.Id).JoinAsync("Too large");
        // About 4 MB of noise, which does not compress: just under the 4 MiB limit.
        var image = TestImages.Png(1950, 1950, noise: true);
        Assert.InRange(image.Length, 3_800_000, 4 * 1024 * 1024);
        var text = new byte[image.Length];
        Array.Fill(text, (byte)'x');
        var oversized = TestImages.OversizedPng(6 * 1000 * 1000);

        // Every guest sends its uploads at once, so all but two are over its rate however long an upload takes.
        var uploads = guests.Select(guest => UploadManyAsync(guest, image, "image/png"))
            .Append(UploadManyAsync(wrongToken, image, "image/png"))
            .Append(UploadManyAsync(notAnImage, text, "image/png"))
            .Append(UploadManyAsync(tooLarge, oversized, "image/png"));
        var results = await Task.WhenAll(uploads);
        Array.ForEach(guests, guest => guest.Dispose());

        var statuses = results.SelectMany(responses => responses).Select(response => response.StatusCode).ToList();
        var summary = string.Join(", ", statuses.GroupBy(status => (int)status).OrderBy(group => group.Key).Select(group => $"{group.Key}: {group.Count()}"));
        Assert.False(statuses.Contains(HttpStatusCode.BadGateway), $"The gateway answered 502 ({summary}).");
        Assert.All(results[..Guests].SelectMany(responses => responses), response =>
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.TooManyRequests, $"a guest's upload got {(int)response.StatusCode} ({summary})"));
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        foreach (var response in results.SelectMany(responses => responses).Where(response => response.StatusCode == HttpStatusCode.TooManyRequests))
        {
            await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.TooManyRequests);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        Assert.All(results[Guests], response => Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode));
        Assert.All(results[Guests + 1], response =>
            Assert.True(response.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.TooManyRequests, $"a text upload got {(int)response.StatusCode}"));
        Assert.All(results[Guests + 2], response =>
            Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.TooManyRequests, $"an oversized upload got {(int)response.StatusCode}"));

        using var host = stack.Host(workshop);
        var stored = results[..Guests].Sum(responses => responses.Count(response => response.StatusCode == HttpStatusCode.Created));
        var wall = await host.GetWallAsync();
        Assert.Equal(stored, wall.GetProperty("guests").EnumerateArray().Sum(guest => guest.GetProperty("uploads").GetInt32()));
    }

    /// <summary>
    /// One guest's uploads all at once, each on a connection of its own, as a page open in several tabs would send them.
    /// Back to back they would keep within the rate on a machine where an upload takes longer than half a second.
    /// </summary>
    private static async Task<HttpResponseMessage[]> UploadManyAsync(GuestClient guest, byte[] body, string contentType) =>
        await Task.WhenAll(Enumerable.Range(0, UploadsPerGuest).Select(async _ =>
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            var response = await guest.UploadAsync(content, contentType);
            await response.Content.LoadIntoBufferAsync();
            return response;
        }));
}
