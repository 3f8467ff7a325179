using System.Net;
using System.Runtime.Versioning;
using Hiroba.TestSupport;
using Hiroba.TestSupport.Lan;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Hiroba.LocalComponents.Tests;

/// <summary>The two-host LAN the cross-host tests stand on: a guest reaches the server's LAN address and nothing else.</summary>
[SupportedOSPlatform("linux")]
public sealed class GuestHostTests(ITestOutputHelper output) : IAsyncLifetime
{
    private GuestHost _guest = null!;
    private WebApplication _server = null!;

    public async Task InitializeAsync()
    {
        _guest = await GuestHost.CreateAsync();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://{_guest.ServerAddress}:0", "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapGet("/", (HttpContext context) => $"seen from {context.Connection.RemoteIpAddress}");
        await _server.StartAsync();
    }

    [Fact]
    public async Task A_browser_on_the_guest_host_opens_a_page_on_the_servers_lan_address_and_the_server_sees_the_guest()
    {
        await using var browser = await GuestBrowser.LaunchAsync(_guest);
        await using var context = await browser.NewContextAsync(output);
        var page = await context.NewPageAsync();

        await page.GotoAsync(ServerUrl(_guest.ServerAddress).ToString());

        Assert.Equal($"seen from {_guest.GuestAddress}", await page.InnerTextAsync("body"));
    }

    [Fact]
    public async Task A_browser_on_the_guest_host_cannot_reach_the_servers_loopback()
    {
        await using var browser = await GuestBrowser.LaunchAsync(_guest);
        await using var context = await browser.NewContextAsync(output);
        var page = await context.NewPageAsync();

        var error = await Assert.ThrowsAsync<PlaywrightException>(() => page.GotoAsync(ServerUrl(IPAddress.Loopback).ToString()));

        Assert.Contains("ERR_CONNECTION_REFUSED", error.Message, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _guest.DisposeAsync();
    }

    private Uri ServerUrl(IPAddress address) =>
        new(_server.Urls.Select(url => new Uri(url)).Single(url => url.Host == address.ToString()), "/");
}
