using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Sessions signed out before their cookie expires, kept beside the shared key ring (<c>revoked-sessions/</c> in
/// <c>Auth:KeyRingPath</c>) so every service refuses a replayed cookie, also after restarts: one file per session, named
/// by its id and holding the time until which a cookie of it could still be valid. Only the gateway writes. Every
/// service looks up the session's file on each request with a cookie (the kernel's directory cache makes that cheap);
/// nothing is cached in the service, so a sign-out holds everywhere at once.
/// </summary>
public sealed partial class RevokedSessions(IOptions<AuthOptions> options, TimeProvider time, ILogger<RevokedSessions> logger)
{
    public const string FolderName = "revoked-sessions";

    private string Folder => Path.Combine(options.Value.KeyRingPath, FolderName);

    public bool IsRevoked(string sessionId) => File.Exists(PathOf(sessionId));

    /// <summary>Creates the folder (0700) if missing: the key ring's maker does, but a ring from an older release lacks it.</summary>
    /// <returns>The folder's full path.</returns>
    public string EnsureFolder() => PrivateFiles.CreateFolder(Folder);

    /// <summary>
    /// Records the session as revoked until a cookie of it must have expired: a cookie renewed just now lasts one
    /// session lifetime, and no service renews a revoked one. Then forgets the revocations that have run out.
    /// </summary>
    public async Task RevokeAsync(string sessionId, CancellationToken cancellationToken)
    {
        EnsureFolder();
        var now = time.GetUtcNow();
        var until = now + options.Value.SessionLifetime;
        await File.WriteAllTextAsync(PathOf(sessionId), until.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        LogRevoked(logger, sessionId[..8], until);
        RemoveExpired(now);
    }

    private void RemoveExpired(DateTimeOffset now)
    {
        foreach (var file in new DirectoryInfo(Folder).EnumerateFiles())
        {
            // A file that does not parse (cut short by a crash) is kept for the longest possible session lifetime.
            var until = DateTimeOffset.TryParse(File.ReadAllText(file.FullName), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
                ? parsed
                : new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) + AuthOptions.MaxSessionLifetime;
            if (until < now)
            {
                file.Delete();
            }
        }
    }

    private string PathOf(string sessionId) => HirobaAuthentication.IsSessionId(sessionId)
        ? Path.Combine(Folder, sessionId)
        : throw new ArgumentException("Not a session id.", nameof(sessionId));

    [LoggerMessage(LogLevel.Information, "Session {SessionIdStart}… signed out; its cookie is refused everywhere until {Until:O}")]
    private static partial void LogRevoked(ILogger logger, string sessionIdStart, DateTimeOffset until);
}
