using System.Security.Cryptography;

namespace Hiroba.LocalComponents;

/// <summary>Random secrets from the operating system's CSPRNG, URL-safe so they fit in config files and URLs.</summary>
public static class Secrets
{
    public static string Create(int bytes = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytes, 16);
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
