using System.Buffers.Binary;
using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using static Hiroba.Gateway.Tests.HttpAssertions;

namespace Hiroba.Gateway.Tests;

/// <summary>The shared key ring: made once before the services start, and a key added later is still found.</summary>
public sealed class KeyRingTests : IDisposable
{
    private const string AdminOnlyPath = "/api/feed/admin-only";

    /// <summary>What the cookie handler protects its tickets for (CookieAuthenticationOptions' default data protector).</summary>
    private static readonly string[] CookiePurposes =
        ["Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", HirobaAuthentication.Scheme, "v2"];

    private readonly TemporaryDirectory _keyRing = new("keyring");

    [Fact]
    public async Task The_ring_is_made_once_and_services_started_on_it_add_no_key_of_their_own()
    {
        SharedKeyRing.EnsureCreated(_keyRing.Path);
        SharedKeyRing.EnsureCreated(_keyRing.Path);
        var made = Assert.Single(KeyFiles(_keyRing.Path));

        await using (var first = await BackendApp.StartAsync(_keyRing.Path))
        await using (var second = await BackendApp.StartAsync(_keyRing.Path))
        {
            using var client = new HttpClient { BaseAddress = second.BaseUri };
            var cookie = $"{SessionCookie}={first.CreateCookieValue(HirobaRoles.Admin, DateTimeOffset.UtcNow.AddHours(1))}";
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyPath).WithCookie(cookie));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal([made], KeyFiles(_keyRing.Path));
    }

    [Fact]
    public async Task A_cookie_protected_with_a_key_added_to_the_ring_after_the_service_started_is_accepted()
    {
        await using var service = await BackendApp.StartAsync(_keyRing.Path);
        using var client = new HttpClient { BaseAddress = service.BaseUri };
        using var elsewhere = new TemporaryDirectory("other-keyring");
        var cookie = $"{SessionCookie}={ProtectWithTheKeyOf(elsewhere.Path)}";

        using var before = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyPath).WithCookie(cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);

        // Another process adds its key to the shared ring, as a service making its first key at the same moment did.
        var added = Assert.Single(KeyFiles(elsewhere.Path));
        File.Copy(Path.Combine(elsewhere.Path, added), Path.Combine(_keyRing.Path, added));

        using var after = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyPath).WithCookie(cookie));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Made_up_key_ids_do_not_make_a_service_read_its_key_ring_again()
    {
        var logs = new LogRecorder();
        await using var service = await BackendApp.StartAsync(_keyRing.Path, logs: logs);
        using var client = new HttpClient { BaseAddress = service.BaseUri };
        var readsBefore = KeyFileReads(logs);

        const int madeUpKeys = 20;
        for (var i = 0; i < madeUpKeys; i++)
        {
            var cookie = $"{SessionCookie}={PayloadWithMadeUpKeyId()}";
            using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, AdminOnlyPath).WithCookie(cookie));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // At most one look at the ring on disk (the first unknown key), whose one key file is then read once.
        Assert.InRange(KeyFileReads(logs) - readsBefore, 0, 1);
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void A_key_ring_an_older_release_left_readable_is_made_private_in_place_revoked_sessions_and_all()
    {
        var revoked = Path.Combine(_keyRing.Path, RevokedSessions.FolderName);
        DataProtectionProvider.Create(new DirectoryInfo(_keyRing.Path)).CreateProtector("first key").Protect("made");
        Directory.CreateDirectory(revoked);
        File.WriteAllText(Path.Combine(revoked, HirobaAuthentication.NewSessionId()), "9999-12-31T00:00:00.0000000+00:00");
        DataFolderAssertions.MakeReadableByAll(_keyRing.Path);

        SharedKeyRing.EnsureCreated(_keyRing.Path);

        // The key and the revoked session, nothing lost, and nobody else may read either.
        Assert.Equal(2, DataFolderAssertions.AssertPrivate(_keyRing.Path));
        Assert.Single(KeyFiles(_keyRing.Path));
    }

    public void Dispose() => _keyRing.Dispose();

    private static string[] KeyFiles(string folder) =>
        [.. Directory.GetFiles(folder, "key-*.xml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    private static int KeyFileReads(LogRecorder logs) => logs.Entries.Count(entry => entry.EventId.Name == "ReadingDataFromFile");

    /// <summary>An admin cookie protected by a Data Protection set-up of its own in <paramref name="folder"/>, which makes its key there.</summary>
    private static string ProtectWithTheKeyOf(string folder)
    {
        var provider = DataProtectionProvider.Create(
            new DirectoryInfo(folder), builder => builder.SetApplicationName(HirobaAuthentication.DataProtectionApplicationName));
        var format = new TicketDataFormat(provider.CreateProtector(CookiePurposes[0], CookiePurposes[1..]));
        var properties = new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) };
        return format.Protect(new AuthenticationTicket(
            HirobaAuthentication.CreatePrincipal(HirobaRoles.Admin, HirobaAuthentication.NewSessionId()), properties, HirobaAuthentication.Scheme));
    }

    /// <summary>A payload shaped like Data Protection's (magic header, key id, ciphertext) with a random key id.</summary>
    private static string PayloadWithMadeUpKeyId()
    {
        var payload = new byte[4 + 16 + 64];
        BinaryPrimitives.WriteUInt32BigEndian(payload, 0x09F0C9F0);
        Guid.NewGuid().TryWriteBytes(payload.AsSpan(4, 16));
        RandomNumberGenerator.Fill(payload.AsSpan(20));
        return WebEncoders.Base64UrlEncode(payload);
    }
}
