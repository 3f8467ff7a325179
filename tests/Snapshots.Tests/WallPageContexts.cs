using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.Snapshots.Tests;

/// <summary>A test class of the wall's pages: hosts' and guests' pages in contexts of the collection's Chromium.</summary>
public abstract class WallPageContexts(ChromiumFixture chromium, ITestOutputHelper output) : HostAndGuestContexts
{
    protected ChromiumFixture Chromium => chromium;

    protected ITestOutputHelper Output => output;

    protected override Task<IBrowserContext> NewHostContextAsync() => chromium.NewContextAsync(output);

    protected override Task<IBrowserContext> NewGuestContextAsync() => chromium.NewContextAsync(output);
}
