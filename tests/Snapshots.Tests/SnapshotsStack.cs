using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// mosquitto, coturn, Rooms, Snapshots and the gateway, shared by every test class of this project (one collection),
/// with short limits so the tests see history trimming and the deletion of closed rooms' images quickly.
/// </summary>
public class SnapshotsStack : HirobaStack
{
    public const int HistoryPerGuest = 3;
    public static readonly TimeSpan ClosedRoomRetention = TimeSpan.FromSeconds(2);

    public SnapshotsStack()
        : this([])
    {
    }

    /// <param name="otherServices">Services besides Rooms and Snapshots.</param>
    protected SnapshotsStack(string[] otherServices)
        : base(["Rooms", "Snapshots", .. otherServices])
    {
    }

    public string ImagesPath => Path.Combine(DataPath("Snapshots"), "images");

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        settings["Snapshots:HistoryPerGuest"] = HistoryPerGuest.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Snapshots:ClosedRoomRetention"] = ClosedRoomRetention.ToString();
        settings["Snapshots:JoinRateLimit:PermitLimit"] = "10000";
        ConfigureSnapshots(settings);
        return settings;
    }

    /// <summary>Changes the Snapshots service's settings for a stack of its own.</summary>
    protected virtual void ConfigureSnapshots(IDictionary<string, string?> settings)
    {
    }

    /// <summary>Creates a workshop as the admin and waits until the Snapshots service has heard of it.</summary>
    public async Task<Workshop> CreateWorkshopAsync(int intervalSeconds = 1, int? capacity = null)
    {
        using var admin = await CreateSignedInClientAsync();
        var id = "ws-" + Guid.NewGuid().ToString("N")[..10];
        var response = await admin.PostAsJsonAsync("/api/rooms", new { title = $"Workshop {id}", id, snapshotIntervalSeconds = intervalSeconds, capacity });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        await WaitUntilKnownAsync(id);
        return new Workshop(id, created.GetProperty("hostKey").GetString()!);
    }

    public async Task WaitUntilKnownAsync(string roomId)
    {
        using var client = CreateClient();
        await Eventually.TrueAsync(async () =>
            (await client.GetAsync($"/api/snapshots/rooms/{roomId}")).StatusCode == HttpStatusCode.OK, $"Snapshots knows workshop {roomId}");
    }

    public async Task CloseWorkshopAsync(string roomId)
    {
        using var admin = await CreateSignedInClientAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/rooms/{roomId}")).StatusCode);
    }

    public GuestClient Guest(string roomId) => new(CreateClient(), roomId);

    /// <summary>A guest whose connections to the gateway come from <paramref name="address"/> (any of 127.0.0.0/8), as another client's would.</summary>
    public GuestClient GuestFrom(string roomId, IPAddress address) => new(CreateClientFrom(address), roomId);

    /// <summary>A client of the gateway whose connections come from <paramref name="address"/>, which the gateway forwards as the client's.</summary>
    public HttpClient CreateClientFrom(IPAddress address) => new(ConnectionsFrom.Handler(address)) { BaseAddress = GatewayUri };

    /// <summary>The workshop's wall on this stack's gateway, with the host key in the fragment as the admin's page gives it.</summary>
    public string HostLink(Workshop workshop) =>
        new Uri(GatewayUri, $"/collect/view?room={workshop.Id}#key={Uri.EscapeDataString(workshop.HostKey)}").ToString();

    public string GuestLink(Workshop workshop) => new Uri(GatewayUri, $"/collect?room={workshop.Id}").ToString();

    public HostClient Host(Workshop workshop) => new(CreateClient(), workshop.Id, workshop.HostKey);

    /// <summary>A host client of the workshop that presents <paramref name="hostKey"/> (or no key at all).</summary>
    public HostClient HostWithKey(Workshop workshop, string? hostKey) => new(CreateClient(), workshop.Id, hostKey);
}

public sealed record Workshop(string Id, string HostKey);

[CollectionDefinition(Name)]
public sealed class SnapshotsCollection : ICollectionFixture<SnapshotsStack>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "snapshots stack";
}
