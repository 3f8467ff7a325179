using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

public static class WallStreamEvents
{
    /// <summary>The guest a wall event is about: <c>{guest}</c> or <c>{guestId, …}</c>.</summary>
    public static string? GuestId(this ServerSentEvent wallEvent) =>
        wallEvent.Data.TryGetProperty("guest", out var guest) ? guest.GetProperty("id").GetString()
        : wallEvent.Data.TryGetProperty("guestId", out var id) ? id.GetString() : null;
}
