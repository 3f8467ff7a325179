using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Hiroba.Snapshots.Wall;

/// <summary>
/// Guest tokens that any Snapshots process can read: the guest's room, id, name and joining time, protected with the
/// key ring every Hiroba service shares (<c>Auth:KeyRingPath</c>). The process that owns a room checks a token against
/// the hash it stored; a process that takes a room over from another (docs/scaling.md) learns the guest from its token.
/// </summary>
public sealed class GuestTokens(IDataProtectionProvider dataProtection)
{
    private readonly IDataProtector _protector = dataProtection.CreateProtector("Hiroba.Snapshots.GuestToken.v1");

    public string Issue(string roomId, string guestId, string name, DateTimeOffset joinedAt) =>
        _protector.Protect(string.Join('\n', roomId.ToLowerInvariant(), guestId,
            joinedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), name));

    /// <returns>The guest the token was issued to, when it is genuine and names <paramref name="roomId"/> and <paramref name="guestId"/>.</returns>
    public TokenGuest? Read(string roomId, string guestId, string token)
    {
        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }
        var parts = payload.Split('\n', 4);
        return parts.Length == 4
            && string.Equals(parts[0], roomId, StringComparison.OrdinalIgnoreCase)
            && parts[1] == guestId
            && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var joinedAt)
            ? new TokenGuest(guestId, parts[3], DateTimeOffset.FromUnixTimeMilliseconds(joinedAt))
            : null;
    }
}

/// <summary>What a guest token says about its guest.</summary>
public sealed record TokenGuest(string Id, string Name, DateTimeOffset JoinedAt);
