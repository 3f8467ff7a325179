using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace Hiroba.Turn;

/// <summary>The ICE servers a client gets: coturn as STUN, and as TURN over UDP and TCP with fresh credentials.</summary>
public sealed class IceServerProvider(IOptions<TurnOptions> options, TimeProvider timeProvider)
{
    /// <param name="userId">Goes into the TURN username (coturn logs it); a random one when null.</param>
    public IceServerList Create(string? userId = null)
    {
        var turn = options.Value;
        var expiresAt = timeProvider.GetUtcNow() + turn.CredentialLifetime;
        var credential = TurnRestCredentials.Create(
            turn.Secret, userId ?? RandomNumberGenerator.GetHexString(16, lowercase: true), expiresAt);
        var address = $"{turn.Host}:{turn.Port}";
        return new IceServerList(
            [
                new IceServer([$"stun:{address}"]),
                new IceServer(
                    [$"turn:{address}?transport=udp", $"turn:{address}?transport=tcp"],
                    credential.Username, credential.Password),
            ],
            expiresAt);
    }
}

public sealed record IceServerList(IReadOnlyList<IceServer> IceServers, DateTimeOffset ExpiresAt);
