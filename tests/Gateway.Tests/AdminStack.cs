using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;
using Microsoft.Playwright;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// mosquitto, coturn, Rooms, Signaling, Snapshots, the camera bridge and the gateway, for the pages that show rooms,
/// guest links and cameras. The gateway's public URL differs from the address the tests open, so a link or QR code that
/// named the page's own origin would fail them; the bridge probes p2p cameras every half second.
/// </summary>
public sealed class AdminStack() : HirobaStack("Rooms", "Signaling", "Snapshots", "CameraBridge")
{
    public const string PublicUrl = "https://hiroba.test:8443";

    public static string GuestLink(string roomId) => $"{PublicUrl}/collect?room={Uri.EscapeDataString(roomId)}";

    public string PageUrl(string pathAndQuery) => new Uri(GatewayUri, pathAndQuery).ToString();

    /// <summary>A page of this stack's gateway signed in with <paramref name="password"/> in <paramref name="context"/>.</summary>
    public async Task<IPage> SignedInPageAsync(IBrowserContext context, string password = AdminPassword)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(PageUrl("/signin"));
        var status = await page.EvaluateAsync<int>("""
            async (password) => (await fetch('/api/auth/sign-in', {
              method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ password }),
            })).status
            """, password);
        Assert.Equal(200, status);
        return page;
    }

    /// <summary>Creates a room as the admin; returns its id.</summary>
    public async Task<string> CreateRoomAsync(string kind, string title)
    {
        using var admin = await CreateSignedInClientAsync();
        var id = $"{kind}-{Guid.NewGuid():N}"[..20];
        var response = await admin.PostAsJsonAsync("/api/rooms", new { id, title, kind });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return id;
    }

    public async Task<JsonElement> GetRoomAsync(string roomId)
    {
        using var client = CreateClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/rooms/{roomId}");
    }

    protected override void ConfigureGateway(IDictionary<string, string?> settings) => settings["Gateway:PublicUrl"] = PublicUrl;

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        if (serviceName == "CameraBridge")
        {
            settings["Cameras:Status:ProbeInterval"] = "00:00:00.500";
            settings["Cameras:Status:MaxProbeInterval"] = "00:00:01";
        }
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class AdminStackCollection : ICollectionFixture<AdminStack>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "admin stack";
}
