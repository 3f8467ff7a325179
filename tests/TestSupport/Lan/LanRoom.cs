using System.Net;
using System.Runtime.Versioning;
using Hiroba.LocalComponents;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.TestSupport.Lan;

/// <summary>
/// A room on a LAN that the test makes inside its own network namespace (<see cref="GuestHost"/>), served as
/// <c>./run</c> serves one: mosquitto, coturn, Janus, Rooms, Signaling, Snapshots, Feed, the camera bridge and the
/// gateway in the test's namespace (the server), the gateway serving HTTPS on the LAN address with a certificate from
/// its local CA, coturn listening and relaying there, Janus gathering there (it shares Ayame cameras). Two headless Chromiums trust that CA (and nothing else of ours) as a person who followed
/// <c>/trust</c> does: the host's, on the server, and a guest's, on the guest host, which reaches the server only over
/// the veth pair. Both open the room at <see cref="PublicUri"/>.
/// </summary>
[SupportedOSPlatform("linux")]
public class LanRoom : IAsyncLifetime
{
    private static readonly LocatorAssertionsToBeVisibleOptions Generous = new() { Timeout = WallPages.Generous };

    private GuestHost? _guestHost;
    private JanusFixture? _janus;
    private LanRoomStack? _stack;
    private TrustingHome? _hostHome;
    private TrustingHome? _guestHome;
    private IPlaywright? _playwright;
    private IBrowser? _hostBrowser;
    private GuestBrowser? _guestBrowser;

    public GuestHost GuestHost => _guestHost ?? throw NotStarted();

    public HirobaStack Stack => _stack ?? throw NotStarted();

    /// <summary>The room's HTTPS origin on the server's LAN address: the address guests type.</summary>
    public Uri PublicUri => Stack.PublicUri;

    /// <summary>The host's Chromium, on the server beside Hiroba.</summary>
    public IBrowser HostBrowser => _hostBrowser ?? throw NotStarted();

    /// <summary>A guest's Chromium, on the guest host.</summary>
    public IBrowser GuestBrowser => _guestBrowser?.Browser ?? throw NotStarted();

    public string PageUrl(string pathAndQuery) => new Uri(PublicUri, pathAndQuery).ToString();

    /// <summary>Processes of each service that can run as several (HIROBA_REPLICAS).</summary>
    protected virtual int Replicas => 1;

    public Task<IBrowserContext> NewHostContextAsync(ITestOutputHelper? output = null) =>
        ChromiumFixture.NewContextAsync(HostBrowser, output);

    public Task<IBrowserContext> NewGuestContextAsync(ITestOutputHelper? output = null) =>
        ChromiumFixture.NewContextAsync(GuestBrowser, output);

    /// <summary>
    /// Signs in as the admin on the sign-in page and creates a workshop on <c>/collect/new</c> (one-second snapshots),
    /// as the host of a workshop does; the page stays on the created workshop's links and QR code.
    /// </summary>
    public async Task<CreatedWorkshop> CreateWorkshopAsync(IBrowserContext hostContext, string title)
    {
        ArgumentNullException.ThrowIfNull(hostContext);
        var page = await hostContext.NewPageAsync();
        await page.GotoAsync(PageUrl("/signin?returnUrl=%2Fcollect%2Fnew"));
        await page.FillAsync("#password", HirobaStack.AdminPassword);
        await page.PressAsync("#password", "Enter");
        await Expect(page.Locator("#new-workshop")).ToBeVisibleAsync(Generous);
        await page.FillAsync("#title", title);
        await page.FillAsync("#interval", "1");
        await page.ClickAsync("#create");
        await Expect(page.Locator("#created")).ToBeVisibleAsync(Generous);
        var workshop = new CreatedWorkshop(page, await page.InputValueAsync("#host-link"), await page.InputValueAsync("#guest-link"));
        await WaitUntilSnapshotsKnowsAsync(workshop.RoomId);
        return workshop;
    }

    public async Task InitializeAsync()
    {
        _guestHost = await GuestHost.CreateAsync();
        _janus = JanusFixture.OnAddress(_guestHost.ServerAddress);
        await ((IAsyncLifetime)_janus).InitializeAsync();
        _stack = new LanRoomStack(new IPEndPoint(_guestHost.ServerAddress, FreePorts.Tcp()), _janus) { Replicas = Replicas };
        await _stack.InitializeAsync();
        _hostHome = await TrustingHome.CreateAsync(_stack.CaCertificate);
        _guestHome = await TrustingHome.CreateAsync(_stack.CaCertificate);
        _playwright = await Playwright.CreateAsync();
        _hostBrowser = await ChromiumFixture.LaunchAsync(_playwright, environment: _hostHome.Environment);
        _guestBrowser = await Lan.GuestBrowser.LaunchAsync(_guestHost, home: _guestHome);
    }

    public async Task DisposeAsync()
    {
        if (_guestBrowser is not null)
        {
            await _guestBrowser.DisposeAsync();
        }
        if (_hostBrowser is not null)
        {
            await _hostBrowser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
        if (_janus is not null)
        {
            await _janus.DisposeAsync();
        }
        if (_guestHost is not null)
        {
            await _guestHost.DisposeAsync();
        }
        _hostHome?.Dispose();
        _guestHome?.Dispose();
    }

    private async Task WaitUntilSnapshotsKnowsAsync(string roomId)
    {
        using var client = Stack.CreatePublicClient();
        await Eventually.TrueAsync(async () =>
            (await client.GetAsync($"/api/snapshots/rooms/{Uri.EscapeDataString(roomId)}")).StatusCode == HttpStatusCode.OK,
            $"Snapshots knows workshop {roomId}");
    }

    private static InvalidOperationException NotStarted() => new("The LAN room is not started.");

    /// <summary>The services a room needs, with the per-address limits lifted: every guest page here comes from one address.</summary>
    private sealed class LanRoomStack(IPEndPoint publicEndpoint, JanusFixture janus)
        : HirobaStack(publicEndpoint, "Rooms", "Signaling", "Snapshots", "Feed", "CameraBridge")
    {
        protected override IDictionary<string, string?> SettingsFor(string serviceName)
        {
            var settings = base.SettingsFor(serviceName);
            settings["Snapshots:JoinRateLimit:PermitLimit"] = "10000";
            settings["Feed:RateLimit:PermitLimit"] = "10000";
            if (serviceName == "CameraBridge")
            {
                janus.AddBridgeSettings(settings);
            }
            return settings;
        }

        /// <summary>
        /// With several processes, the gateway takes turns between Signaling's (two call pages joining one after the other
        /// land on different ones) and probes every second (a dead process leaves the rotation within seconds).
        /// </summary>
        protected override void ConfigureGateway(IDictionary<string, string?> settings)
        {
            if (Replicas == 1)
            {
                return;
            }
            settings["ReverseProxy:Clusters:signaling:LoadBalancingPolicy"] = "RoundRobin";
            foreach (var cluster in new[] { "feed", "signaling", "snapshots" })
            {
                settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Interval"] = "00:00:01";
                settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Timeout"] = "00:00:01";
            }
        }
    }
}

/// <param name="Page">The <c>/collect/new</c> page showing the created workshop's links and QR code.</param>
/// <param name="HostLink">The wall's link, with the host key in its fragment.</param>
public sealed record CreatedWorkshop(IPage Page, string HostLink, string GuestLink)
{
    public string RoomId => new Uri(GuestLink).Query["?room=".Length..];
}
