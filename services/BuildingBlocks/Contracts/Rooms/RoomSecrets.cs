using System.Security.Cryptography;
using System.Text;

namespace Hiroba.Contracts.Rooms;

/// <summary>
/// Host keys and signaling keys travel between services only as hashes; any service that learns a room
/// from <see cref="RoomOpenedIntegrationEvent"/> checks a presented key with <see cref="Matches"/>.
/// </summary>
public static class RoomSecrets
{
    /// <summary>Bytes of randomness in a host key: 256 bits, above the 128 required.</summary>
    public const int HostKeyBytes = 32;

    /// <summary>A new host key, URL-safe (43 characters).</summary>
    public static string CreateHostKey() => Base64UrlEncode(RandomNumberGenerator.GetBytes(HostKeyBytes));

    /// <summary>SHA-256 in base64. Keys are random or room passwords, so a plain hash is enough to store.</summary>
    public static string Hash(string key) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="presentedKey"/> hashes to <paramref name="expectedHash"/> (constant-time).</summary>
    public static bool Matches(string? expectedHash, string? presentedKey)
    {
        if (expectedHash is null || presentedKey is null)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[32];
        if (!Convert.TryFromBase64String(expectedHash, expected, out var written) || written != 32)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(presentedKey)));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
