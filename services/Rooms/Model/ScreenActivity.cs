namespace Hiroba.Rooms.Model;

/// <summary>A workshop's screen wall at a glance: guests that have shared a screen, and when the newest snapshot came.</summary>
public sealed record ScreenActivity(int Guests, DateTimeOffset LastSnapshotAt);
