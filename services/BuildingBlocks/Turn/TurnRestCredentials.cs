using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hiroba.Turn;

/// <summary>The TURN REST API credential function (coturn <c>use-auth-secret</c>): stateless, verified by coturn alone.</summary>
public static class TurnRestCredentials
{
    public static TurnCredential Create(string secret, string userId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (string.IsNullOrEmpty(userId) || userId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The user id must be non-empty and must not contain ':'.", nameof(userId));
        }

        // coturn reads the part before the separator as the expiry time.
        var username = string.Create(CultureInfo.InvariantCulture, $"{expiresAt.ToUnixTimeSeconds()}:{userId}");
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username));
        return new TurnCredential(username, Convert.ToBase64String(mac), expiresAt);
    }
}
