using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// A Snapshots process that starts with a broker session of its own, as every Dapr sidecar does, after a workshop
/// opened: it asks Rooms for the open rooms and knows the workshop, so it could take it over.
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class RoomSyncTests(SnapshotsStack stack)
{
    [Fact]
    public async Task A_process_started_after_a_workshop_opened_learns_it_from_rooms()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var data = new TemporaryDirectory("late-snapshots");
        var settings = ModelSettings.ForBackend("Snapshots", stack.Broker, Path.GetDirectoryName(stack.DataPath("Snapshots"))!);
        settings["Data:Path"] = data.Path;
        settings["EventBus:Mqtt:ClientId"] = $"snapshots-late-{Guid.NewGuid():N}";

        await using var late = await ServiceProcess.StartAsync("Snapshots", settings);

        using var client = late.CreateClient();
        await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/snapshots/rooms/{workshop.Id}")).StatusCode == HttpStatusCode.OK,
            "the late process knows the workshop");
        await Eventually.TrueAsync(() => late.RecentOutput.Any(line => line.Contains("Rooms has announced every open room", StringComparison.Ordinal)),
            "the late process's sync was answered");
    }
}
