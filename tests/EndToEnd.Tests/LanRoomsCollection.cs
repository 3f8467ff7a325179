namespace Hiroba.EndToEnd.Tests;

/// <summary>
/// The LAN rooms one after the other. Each adds and removes links in the test's network namespace, and Chromium drops
/// the requests it has in flight there when a link changes (<c>ERR_NETWORK_CHANGED</c>), so one room's set-up failed
/// the other's pages at random. The pages recover from a dropped request (WallPageTests), but what these tests show
/// should not hang on when the other room starts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LanRoomsCollection
{
    public const string Name = "LAN rooms";
}
