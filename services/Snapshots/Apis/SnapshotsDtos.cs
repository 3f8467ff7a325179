using Hiroba.Snapshots.Wall;

namespace Hiroba.Snapshots.Apis;

public sealed record JoinRequest(string? Name);

/// <param name="Token">The guest's secret for its own uploads and state (header <c>X-Guest-Token</c>); shown once.</param>
public sealed record JoinedGuest(string GuestId, string Token, GuestView Guest, RoomView Room);

/// <param name="Status"><c>sharing</c>, <c>paused</c>, <c>stopped</c> or <c>left</c>; absent leaves it.</param>
/// <param name="Hand"><c>none</c>, <c>stuck</c> or <c>done</c>; absent leaves it.</param>
public sealed record GuestStateRequest(string? Status, string? Hand);
