using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Hiroba.CameraBridge.Data;

/// <summary>
/// The bridge must present an Ayame camera's signaling key to Signaling, so it cannot keep only a hash as Rooms does:
/// <c>cameras.db</c> holds the key encrypted with the shared Data Protection key ring, under a purpose of its own.
/// </summary>
public sealed class SignalingKeyProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "Hiroba.CameraBridge.SignalingKey";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string signalingKey) => _protector.Protect(signalingKey);

    /// <returns>False when the key ring no longer has the key it was protected with (or it was tampered with).</returns>
    public bool TryUnprotect(string protectedKey, out string signalingKey)
    {
        try
        {
            signalingKey = _protector.Unprotect(protectedKey);
            return true;
        }
        catch (CryptographicException)
        {
            signalingKey = "";
            return false;
        }
    }
}
