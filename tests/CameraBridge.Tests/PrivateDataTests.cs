using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The bridge's data folder is its user's alone, and an Ayame camera's signaling key is in none of its files.</summary>
[Collection(BridgeOnlyCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class PrivateDataTests(BridgeOnlyStack stack)
{
    [Fact]
    public async Task An_added_ayame_cameras_signaling_key_is_stored_encrypted_in_private_files_and_still_works_after_a_restart()
    {
        const string key = "signaling-key-that-must-not-be-on-disk";
        using var admin = await stack.CreateSignedInClientAsync();

        var created = await admin.PostAsJsonAsync("/api/cameras", new { id = "attic", name = "Attic", ayameRoomId = "attic-room", signalingKey = key });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = stack.DataPath("CameraBridge");
        DataFolderAssertions.AssertNowhere(data, key);
        Assert.True(DataFolderAssertions.AssertPrivate(data) >= 2, "cameras.db and its write-ahead log");

        await stack.Service("CameraBridge").StopAsync();
        await stack.Service("CameraBridge").RestartAsync();

        // The registry validates stored cameras again at start: an Ayame camera without a readable key would be left out.
        var attic = await admin.GetFromJsonAsync<JsonElement>("/api/cameras/attic");
        Assert.Equal(("Attic", "Ayame"), (attic.GetProperty("name").GetString(), attic.GetProperty("kind").GetString()));
        DataFolderAssertions.AssertNowhere(data, key);
        DataFolderAssertions.AssertPrivate(data);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/cameras/attic")).StatusCode);
    }
}
