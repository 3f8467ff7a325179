using Hiroba.TestSupport;

namespace Hiroba.Signaling.Tests;

/// <summary>mosquitto, coturn, Rooms, Signaling and the gateway, with the default settings.</summary>
public class SignalingStack() : HirobaStack("Rooms", "Signaling")
{
    /// <summary><c>ws://gateway/ws/signaling</c>: Hiroba's own protocol.</summary>
    public Uri CallSignalingUri => WebSocketUri("/ws/signaling");

    public IReadOnlyList<string> SignalingLog => Service("Signaling").RecentOutput;

    /// <summary>
    /// Waits until Signaling has logged a line that contains every fragment. Its output reaches the test through a pipe
    /// read in the background, so a line can arrive after the effect the client already saw.
    /// </summary>
    public Task WaitForSignalingLogAsync(params string[] fragments) =>
        Eventually.TrueAsync(
            () => SignalingLog.Any(line => fragments.All(fragment => line.Contains(fragment, StringComparison.Ordinal))),
            $"Signaling logs a line with {string.Join(" and ", fragments)}");

    /// <summary>
    /// Waits until Signaling knows every open room (Rooms answered its sync request at start-up): until then it
    /// refuses joins to rooms it has not heard of, so a test that stops Rooms must wait for this first.
    /// </summary>
    public Task WaitForRoomDirectoryAsync() => Eventually.TrueAsync(async () =>
    {
        await using var probe = await SignalingClient.ConnectAsync(CallSignalingUri);
        await probe.SendAsync(new { type = "join", room = $"directory-probe-{Guid.NewGuid():N}", name = "probe" });
        return (await probe.ReceiveAsync()).GetProperty("type").GetString() == "welcome";
    }, "Signaling knows every open room");

    public async Task CloseRoomAsync(string roomId)
    {
        using var admin = await CreateSignedInClientAsync();
        (await admin.DeleteAsync($"/api/rooms/{roomId}")).EnsureSuccessStatusCode();
    }
}
