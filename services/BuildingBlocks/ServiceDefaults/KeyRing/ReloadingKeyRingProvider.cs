using System.Collections.Frozen;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// ASP.NET Core's key ring provider, except that a payload protected with a key the cached ring lacks makes the
/// service read the ring on disk again before refusing it. ASP.NET Core does that only in the first two minutes after
/// start (<c>KeyRingProvider.InAutoRefreshWindow</c>, used by <c>KeyRingBasedDataProtector</c>), there for every unknown
/// key id without limit, and otherwise waits for its refresh about once a day: a key another process added later stays
/// unknown that long. Here an unknown key id costs one listing of the key folder, and the keys are read again only when
/// that listing differs from the one at the last read, so made-up key ids cannot make a service reload anything.
/// </summary>
/// <remarks>
/// Replacing the provider also ends ASP.NET Core's own unlimited reloads of the first two minutes (it checks for its own
/// type). The ring it returns is ASP.NET Core's, so the default key and key rotation stay as they are.
/// </remarks>
internal sealed partial class ReloadingKeyRingProvider(
    IKeyRingProvider stock, IKeyManager keyManager, IOptions<AuthOptions> auth, ILogger<ReloadingKeyRingProvider> logger) : IKeyRingProvider
{
    private const string StockProviderKey = "hiroba:stock-key-ring-provider";

    private readonly Lock _reloading = new();
    private string[] _filesAtLastReload = [];
    private FrozenDictionary<Guid, ReloadedKey> _reloadedKeys = FrozenDictionary<Guid, ReloadedKey>.Empty;
    private WrappedRing? _current;

    /// <summary>Swaps the registered provider (ASP.NET Core's) for this one around it.</summary>
    public static void Replace(IServiceCollection services)
    {
        var registered = services.LastOrDefault(descriptor => descriptor.ServiceType == typeof(IKeyRingProvider) && !descriptor.IsKeyedService);
        if (registered?.ImplementationType is not { } stockType)
        {
            // Already replaced (the services were added twice), or a provider ASP.NET Core did not make: leave it.
            return;
        }
        services.Remove(registered);
        services.AddKeyedSingleton(typeof(IKeyRingProvider), StockProviderKey, stockType);
        services.AddSingleton<IKeyRingProvider>(provider => ActivatorUtilities.CreateInstance<ReloadingKeyRingProvider>(
            provider, provider.GetRequiredKeyedService<IKeyRingProvider>(StockProviderKey)));
    }

    public IKeyRing GetCurrentKeyRing()
    {
        var ring = stock.GetCurrentKeyRing();
        var current = _current;
        if (current is null || !ReferenceEquals(current.Stock, ring))
        {
            current = new WrappedRing(ring, this);
            _current = current;
        }
        return current;
    }

    private IAuthenticatedEncryptor? FindUnknown(Guid keyId, out bool isRevoked)
    {
        if (!_reloadedKeys.ContainsKey(keyId))
        {
            lock (_reloading)
            {
                if (!_reloadedKeys.ContainsKey(keyId))
                {
                    ReloadIfTheFolderChanged(keyId);
                }
            }
        }
        if (_reloadedKeys.TryGetValue(keyId, out var key))
        {
            isRevoked = key.IsRevoked;
            return key.Encryptor.Value;
        }
        isRevoked = false;
        return null;
    }

    private void ReloadIfTheFolderChanged(Guid unknownKeyId)
    {
        var folder = new DirectoryInfo(auth.Value.KeyRingPath);
        string[] files = folder.Exists ? [.. folder.EnumerateFiles("*.xml").Select(file => file.Name).Order(StringComparer.Ordinal)] : [];
        if (files.SequenceEqual(_filesAtLastReload, StringComparer.Ordinal))
        {
            return;
        }
        _filesAtLastReload = files;
        _reloadedKeys = keyManager.GetAllKeys().ToFrozenDictionary(
            key => key.KeyId, key => new ReloadedKey(new Lazy<IAuthenticatedEncryptor?>(key.CreateEncryptor), key.IsRevoked));
        LogReloaded(logger, unknownKeyId, _reloadedKeys.Count, _reloadedKeys.ContainsKey(unknownKeyId));
    }

    [LoggerMessage(LogLevel.Information, "Read the key ring again for key {KeyId}, which was not loaded: {Count} keys, that one among them: {Found}")]
    private static partial void LogReloaded(ILogger logger, Guid keyId, int count, bool found);

    /// <summary>A key read on a reload; its encryptor is made on first use, as ASP.NET Core's ring does.</summary>
    private sealed record ReloadedKey(Lazy<IAuthenticatedEncryptor?> Encryptor, bool IsRevoked);

    /// <summary>ASP.NET Core's ring, with the keys it lacks looked up by the provider.</summary>
    private sealed class WrappedRing(IKeyRing stock, ReloadingKeyRingProvider provider) : IKeyRing
    {
        public IKeyRing Stock => stock;

        public IAuthenticatedEncryptor? DefaultAuthenticatedEncryptor => stock.DefaultAuthenticatedEncryptor;

        public Guid DefaultKeyId => stock.DefaultKeyId;

        public IAuthenticatedEncryptor? GetAuthenticatedEncryptorByKeyId(Guid keyId, out bool isRevoked) =>
            stock.GetAuthenticatedEncryptorByKeyId(keyId, out isRevoked) ?? provider.FindUnknown(keyId, out isRevoked);
    }
}
