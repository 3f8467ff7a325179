using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Hiroba.AppHost;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.AppHost;

/// <summary>
/// ./run on a fresh data folder, the start that once left each backend with a key of its own (three keys made in one
/// millisecond), so a cookie from the gateway was refused by Rooms and the camera bridge. Repeated, since it was a race.
/// </summary>
public sealed class FreshStartTests
{
    private const int Rounds = 4;
    private const string AdminPassword = "admin-password-for-tests";

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task On_a_fresh_data_folder_the_key_ring_has_one_private_key_and_every_service_accepts_the_first_sign_in()
    {
        for (var round = 1; round <= Rounds; round++)
        {
            using var data = new TemporaryDirectory("fresh-run");
            var port = FreePorts.Tcp();
            await using var appHost = AppHostProcess.Start(new Dictionary<string, string?>
            {
                ["HIROBA_DATA"] = data.Path,
                ["HIROBA_PUBLIC_URL"] = $"http://127.0.0.1:{port}",
                ["HIROBA_ADMIN_PASSWORD"] = AdminPassword,
            });

            await AppHostProcess.WaitUntilUpAsync(appHost);

            var keyRing = Path.Combine(data.Path, ServiceConfiguration.KeyRingFolderName);
            var keys = Directory.GetFiles(keyRing, "key-*.xml");
            Assert.True(keys.Length == 1, $"round {round}: the key ring holds {keys.Length} keys");
            DataFolderAssertions.AssertPrivate(keyRing);
            await AssertEveryServiceAcceptsTheCookieAsync(new Uri($"http://127.0.0.1:{port}/"), round);
            Assert.Equal(0, await appHost.StopAsync());
        }
    }

    private static async Task AssertEveryServiceAcceptsTheCookieAsync(Uri gateway, int round)
    {
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = gateway };
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { password = AdminPassword })).EnsureSuccessStatusCode();
        using var created = await client.PostAsJsonAsync("/api/rooms", new { title = "Fresh start" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"round {round}: Rooms answered {(int)created.StatusCode} to the admin");
        var workshop = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("room").GetProperty("id").GetString();

        foreach (var (service, path, accepted) in new[]
        {
            ("the gateway", "/api/auth/me", HttpStatusCode.OK),
            ("Rooms", "/api/rooms", HttpStatusCode.OK),
            ("the camera bridge", "/api/cameras", HttpStatusCode.OK),
        })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == accepted, $"round {round}: {service} answered {(int)response.StatusCode} to the admin");
        }
        using (var feed = await client.DeleteAsync(new Uri("/api/feed/posts/999999", UriKind.Relative)))
        {
            Assert.True(feed.StatusCode == HttpStatusCode.NotFound, $"round {round}: Feed answered {(int)feed.StatusCode} to the admin");
        }
        // Snapshots hears of the workshop by event; until then it does not know the room at all.
        await Eventually.TrueAsync(async () =>
        {
            using var wall = await client.GetAsync(new Uri($"/api/snapshots/rooms/{workshop}/wall", UriKind.Relative));
            Assert.True(wall.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"round {round}: Snapshots answered {(int)wall.StatusCode} to the admin");
            return wall.StatusCode == HttpStatusCode.OK;
        }, $"round {round}: Snapshots shows the admin the workshop's wall");
    }
}
