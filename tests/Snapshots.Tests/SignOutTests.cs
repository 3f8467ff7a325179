using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// Signing out ends the wall streams the session opened: the admin's cookie is checked when the stream opens and never
/// again. A host's stream, opened with the host key, is no session's and goes on.
/// </summary>
[Collection(SnapshotsCollection.Name)]
public sealed class SignOutTests(SnapshotsStack stack)
{
    [Fact]
    public async Task Signing_out_ends_the_admins_open_wall_stream_with_a_session_ended_event_and_the_hosts_goes_on()
    {
        var workshop = await stack.CreateWorkshopAsync();
        using var signedIn = await stack.CreateSignedInClientAsync();
        using var admin = new HostClient(signedIn, workshop.Id, hostKey: null);
        using var adminStream = await admin.OpenStreamAsync();
        using var host = stack.Host(workshop);
        using var hostStream = await host.OpenStreamAsync();
        Assert.Equal("wall", (await adminStream.NextAsync()).Type);
        Assert.Equal("wall", (await hostStream.NextAsync()).Type);

        using (var signOut = await signedIn.PostAsync("/api/auth/sign-out", content: null))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        var (ended, _) = await adminStream.ReadUntilAsync(e => e.Type != "heartbeat");
        Assert.Equal("session-ended", ended.Type);
        await Assert.ThrowsAsync<EndOfStreamException>(() => adminStream.NextAsync());
        using var guest = await stack.Guest(workshop.Id).JoinAsync("After sign-out");
        var (joined, _) = await hostStream.ReadUntilAsync(e => e.Type == "guest-joined");
        Assert.Equal(guest.GuestId, joined.GuestId());
    }
}
