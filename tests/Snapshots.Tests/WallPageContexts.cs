using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Snapshots.Tests;

/// <summary>A test class of the wall's pages: one Chromium context for the hosts' pages and one for the guests'.</summary>
public abstract class WallPageContexts(ChromiumFixture chromium, ITestOutputHelper output) : IAsyncLifetime
{
    protected ChromiumFixture Chromium => chromium;

    protected ITestOutputHelper Output => output;

    protected IBrowserContext Hosts { get; private set; } = null!;

    protected IBrowserContext Guests { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Hosts = await chromium.NewContextAsync(output);
        Guests = await chromium.NewContextAsync(output);
    }

    public async Task DisposeAsync()
    {
        await Hosts.DisposeAsync();
        await Guests.DisposeAsync();
    }
}
