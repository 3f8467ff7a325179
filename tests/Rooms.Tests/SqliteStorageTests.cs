using System.Runtime.Versioning;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>What Rooms leaves in its data folder when it keeps its rooms in SQLite.</summary>
public sealed class SqliteStorageTests(RoomsStack stack) : IClassFixture<RoomsStack>
{
    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task The_data_folder_is_private_and_no_file_in_it_holds_a_host_key_or_a_signaling_key()
    {
        using var admin = await stack.CreateSignedInClientAsync();

        var keys = await KeyedRooms.CreateAsync(admin);

        var data = stack.DataPath("Rooms");
        DataFolderAssertions.AssertNowhere(data, keys.HostKey);
        DataFolderAssertions.AssertNowhere(data, keys.SignalingKey);
        Assert.True(DataFolderAssertions.AssertPrivate(data) >= 2, "rooms.db and its write-ahead log");
    }
}
