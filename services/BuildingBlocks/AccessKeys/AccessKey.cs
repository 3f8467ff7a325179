using System.Security.Cryptography;
using System.Text;

namespace Hiroba.AccessKeys;

/// <summary>
/// The keys that let someone into a room (host keys, signaling keys, the wall's guest tokens) are stored and travel
/// between services only as hashes; a service that learns a room's hash from an event checks a presented key with
/// <see cref="Matches"/>.
/// </summary>
public static class AccessKey
{
    /// <summary>Bytes of randomness in a key made by <see cref="Create"/>: 256 bits, above the 128 required.</summary>
    public const int RandomBytes = 32;

    /// <summary>A new random key, URL-safe (43 characters).</summary>
    public static string Create() => Base64UrlEncode(RandomNumberGenerator.GetBytes(RandomBytes));

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
