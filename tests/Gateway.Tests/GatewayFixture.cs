using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>A gateway and a service behind it (the <c>feed</c> cluster) sharing one Data Protection key ring.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _keyRing = new("keyring");
    private GatewayFactory? _gateway;

    public BackendApp Backend { get; private set; } = null!;

    public Uri GatewayUri { get; private set; } = null!;

    public string KeyRingPath => _keyRing.Path;

    /// <summary>No automatic cookies or redirects: each test sends and inspects cookies itself.</summary>
    public HttpClient CreateClient() =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = GatewayUri };

    public async Task InitializeAsync()
    {
        Backend = await BackendApp.StartAsync(_keyRing.Path);
        var settings = GatewayFactory.BaseSettings(_keyRing.Path);
        settings[GatewayFactory.DestinationKey("feed")] = Backend.BaseUri.ToString();
        settings[GatewayFactory.DestinationKey("cameras")] = Backend.BaseUri.ToString();
        _gateway = new GatewayFactory(settings);
        GatewayUri = _gateway.RootUri;
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
        await Backend.DisposeAsync();
        _keyRing.Dispose();
    }
}
