using Microsoft.Playwright;

namespace Hiroba.TestSupport;

/// <summary>A test class with two Chromium contexts, made for each test: one for a host's pages, one for a guest's.</summary>
public abstract class HostAndGuestContexts : IAsyncLifetime
{
    protected IBrowserContext HostContext { get; private set; } = null!;

    protected IBrowserContext GuestContext { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        HostContext = await NewHostContextAsync();
        GuestContext = await NewGuestContextAsync();
    }

    public async Task DisposeAsync()
    {
        await HostContext.DisposeAsync();
        await GuestContext.DisposeAsync();
    }

    protected abstract Task<IBrowserContext> NewHostContextAsync();

    protected abstract Task<IBrowserContext> NewGuestContextAsync();
}
