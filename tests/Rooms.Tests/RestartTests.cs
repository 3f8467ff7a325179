using System.Net.Http.Json;
using System.Text.Json;

namespace Hiroba.Rooms.Tests;

public sealed class RestartTests(RoomsStack stack) : IClassFixture<RoomsStack>
{
    [Fact]
    public async Task Rooms_survive_a_restart_and_are_announced_again_at_start_up()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        var created = await (await admin.PostAsJsonAsync("/api/rooms", new { title = "Durable", id = "durable" })).Content.ReadFromJsonAsync<JsonElement>();
        var hostKey = created.GetProperty("hostKey").GetString()!;
        await using var events = await EventProbe.StartAsync(stack.Broker);

        var rooms = stack.Service("Rooms");
        Assert.Equal(0, await rooms.StopAsync());
        await rooms.RestartAsync();

        await events.WaitForAsync("rooms.room-opened", "durable");
        using var host = rooms.CreateClient();
        host.DefaultRequestHeaders.Add("X-Host-Key", hostKey);
        var access = await host.GetFromJsonAsync<JsonElement>("/api/rooms/durable/host");
        Assert.Equal("host", access.GetProperty("role").GetString());
    }
}
