using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// The Data Protection key ring every service shares (folder <c>Auth:KeyRingPath</c>, one application name), so a
/// cookie protected by one service can be read by all.
/// </summary>
public static class SharedKeyRing
{
    /// <summary>Data Protection on the shared key ring; a key the service has not loaded yet is looked up on disk (<see cref="ReloadingKeyRingProvider"/>).</summary>
    public static IServiceCollection AddSharedKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName(HirobaAuthentication.DataProtectionApplicationName);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<AuthOptions>, ILoggerFactory>((keyManagement, auth, loggerFactory) =>
                keyManagement.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(auth.Value.KeyRingPath), loggerFactory));
        ReloadingKeyRingProvider.Replace(services);
        return services;
    }

    /// <summary>
    /// Makes sure the key ring in <paramref name="keyRingPath"/> holds a key every service takes as its default, making
    /// it if not, with the services' own Data Protection set-up, and that the ring is private: the folder and
    /// <c>revoked-sessions/</c> in it 0700, every file 0600, also in a ring an older release left readable. Whoever
    /// starts the services calls it first (the app host, the tests' stack, compose's <c>key-ring</c> service), so they
    /// find one key instead of each making its own at the same moment.
    /// </summary>
    public static void EnsureCreated(string keyRingPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(keyRingPath);
        // Private before anything is written in it: whatever the calling process's umask, nobody else can reach a file
        // made below before it is made private too.
        PrivateFiles.CreateFolder(keyRingPath);
        PrivateFiles.CreateFolder(Path.Combine(keyRingPath, RevokedSessions.FolderName));
        MakeDefaultKey(keyRingPath);
        PrivateFiles.Secure(keyRingPath);
    }

    private static void MakeDefaultKey(string keyRingPath)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new AuthOptions { KeyRingPath = keyRingPath }));
        services.AddSharedKeyRing();
        using var provider = services.BuildServiceProvider();
        // Resolving the ring makes its first key, exactly as a service would when the ring has none it can use.
        provider.GetRequiredService<IKeyRingProvider>().GetCurrentKeyRing();
    }
}
