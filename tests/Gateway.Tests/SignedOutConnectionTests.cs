using System.Net;
using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Hiroba.Gateway.Tests.HttpAssertions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// A service ends the open event streams and WebSockets of a session that signs out (ServiceDefaults' session
/// connections): at once when the folder of revoked sessions tells it, and at its next look otherwise.
/// </summary>
public sealed class SignedOutConnectionTests : IDisposable
{
    private readonly TemporaryDirectory _keyRing = new("keyring");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_signed_out_sessions_stream_ends_with_session_ended_also_when_the_revocation_is_not_seen_being_written(bool folderReplaced)
    {
        SharedKeyRing.EnsureCreated(_keyRing.Path);
        await using var service = await BackendApp.StartAsync(_keyRing.Path);
        var sessionId = HirobaAuthentication.NewSessionId();
        using var client = new HttpClient { BaseAddress = service.BaseUri };
        var cookie = $"{SessionCookie}={service.CreateCookieValue(HirobaRoles.Viewer, DateTimeOffset.UtcNow.AddHours(1), sessionId: sessionId)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, BackendApp.SignedInStreamPath).WithCookie(cookie);
        using var stream = new ServerSentEventReader(await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
        Assert.Equal(HttpStatusCode.OK, stream.Response.StatusCode);
        var folder = Path.Combine(_keyRing.Path, RevokedSessions.FolderName);
        if (folderReplaced)
        {
            // Restored from a backup, say: the service's watch stays on the folder moved away, which sees nothing more.
            Directory.Move(folder, folder + ".old");
            Directory.CreateDirectory(folder);
        }

        await new RevokedSessions(Options.Create(new AuthOptions { KeyRingPath = _keyRing.Path }), TimeProvider.System, NullLogger<RevokedSessions>.Instance)
            .RevokeAsync(sessionId, CancellationToken.None);

        var ended = await stream.NextAsync();
        Assert.Equal("session-ended", ended.Type);
        await Assert.ThrowsAsync<EndOfStreamException>(() => stream.NextAsync());
    }

    public void Dispose() => _keyRing.Dispose();
}
