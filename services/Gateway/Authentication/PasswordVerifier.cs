using System.Security.Cryptography;
using System.Text;
using Hiroba.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Authentication;

/// <summary>Tells which role a password grants, taking the same time whatever the password is.</summary>
public sealed class PasswordVerifier(IOptions<PasswordOptions> options)
{
    private readonly byte[] _adminHash = Hash(options.Value.AdminPassword);
    private readonly byte[]? _viewerHash = options.Value.ViewerPassword is { Length: > 0 } viewer ? Hash(viewer) : null;

    /// <returns>The role, or null when the password matches none.</returns>
    public string? FindRole(string password)
    {
        // Hashing first gives equal lengths, so the comparisons take constant time; both always run.
        var candidate = Hash(password);
        var isAdmin = CryptographicOperations.FixedTimeEquals(candidate, _adminHash);
        var isViewer = _viewerHash is not null && CryptographicOperations.FixedTimeEquals(candidate, _viewerHash);
        return isAdmin ? HirobaRoles.Admin : isViewer ? HirobaRoles.Viewer : null;
    }

    private static byte[] Hash(string password) => SHA256.HashData(Encoding.UTF8.GetBytes(password));
}
