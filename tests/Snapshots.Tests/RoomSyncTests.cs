using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// A Snapshots process that starts with a broker session of its own, as every Dapr sidecar does: it asks Rooms for the
/// open rooms and the recent closures, so it knows a workshop that opened while it was away (and could take it over),
/// and closes one that closed while it was away.
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class RoomSyncTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_process_started_after_a_workshop_opened_learns_it_from_rooms()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var data = new TemporaryDirectory("late-snapshots");

        await using var late = await StartProcessAsync(data.Path);

        using var client = late.CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/snapshots/rooms/{workshop.Id}")).StatusCode == HttpStatusCode.OK,
            "the late process knows the workshop");
        await Eventually.TrueAsync(() => late.RecentOutput.Any(line => line.Contains("Rooms has announced every open room", StringComparison.Ordinal)),
            "the late process's sync was answered");
    }

    [Fact]
    public async Task A_process_back_with_a_fresh_session_closes_a_workshop_that_closed_while_it_was_down()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var data = new TemporaryDirectory("away-snapshots");
        await using (var before = await StartProcessAsync(data.Path))
        {
            using var client = before.CreateClient();
            await Eventually.TrueAsync(async () => await IsOpenAsync(client, workshop.Id) == true, "the process knows the workshop open");
        }

        await stack.CloseWorkshopAsync(workshop.Id);
        await using var back = await StartProcessAsync(data.Path);

        using var backClient = back.CreateClient();
        await Eventually.TrueAsync(async () => await IsOpenAsync(backClient, workshop.Id) == false, "the process back closes the workshop");
    }

    /// <summary>A Snapshots process of its own, on <paramref name="dataPath"/>, with a new broker session each time.</summary>
    private Task<ServiceProcess> StartProcessAsync(string dataPath)
    {
        var settings = ModelSettings.ForBackend("Snapshots", stack.Broker, Path.GetDirectoryName(stack.DataPath("Snapshots"))!);
        settings["Data:Path"] = dataPath;
        settings["EventBus:Mqtt:ClientId"] = $"snapshots-{Guid.NewGuid():N}";
        return ServiceProcess.StartAsync("Snapshots", settings);
    }

    private static async Task<bool?> IsOpenAsync(HttpClient client, string roomId) =>
        await client.GetAsync($"/api/snapshots/rooms/{roomId}") is { StatusCode: HttpStatusCode.OK } response
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("open").GetBoolean()
            : null;
}
