using System.Security.Cryptography;

namespace Hiroba.Signaling.Connections;

public static class PeerIds
{
    /// <summary>12 URL-safe characters (72 random bits): unique per room, meaningless outside it.</summary>
    public static string Create() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('+', '-').Replace('/', '_');
}
