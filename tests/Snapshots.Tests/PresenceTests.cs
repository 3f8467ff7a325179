using System.Net;
using Hiroba.TestSupport;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Hiroba.Snapshots.Tests;

/// <summary>A stack whose guest pages send a heartbeat every 2 s, so a silent guest is absent after 6 s.</summary>
public sealed class PresenceStack : SnapshotsStack
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(2);

    /// <summary>Heartbeats a guest may miss before it is absent (the service's rule).</summary>
    public const int AbsentAfterHeartbeats = 3;

    public static TimeSpan AbsentAfter => Heartbeat * AbsentAfterHeartbeats;

    protected override void ConfigureSnapshots(IDictionary<string, string?> settings) =>
        settings["Snapshots:GuestHeartbeat"] = Heartbeat.ToString();
}

/// <summary>
/// A guest is present while its page is heard from (a heartbeat, an upload, a state), whatever it is doing: joined and
/// never shared, sharing, paused or stopped. Only present guests take a seat and count on the host's wall; a page closed
/// without saying so (a crash, a lost network) is absent after a few heartbeats and frees its seat.
/// </summary>
public sealed class PresenceTests(PresenceStack stack, ChromiumFixture chromium, ITestOutputHelper output)
    : IClassFixture<PresenceStack>, IClassFixture<ChromiumFixture>
{
    /// <summary>Reports of a guest that reports every second, past the time after which a silent guest is absent.</summary>
    private static readonly int ReportsPastTheWindow = (int)PresenceStack.AbsentAfter.TotalSeconds + 1;

    [Fact]
    public async Task A_guest_keeps_its_seat_in_any_state_while_it_is_heard_from_and_frees_it_once_silent()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: 2);
        using var zoe = await stack.Guest(workshop.Id).JoinAsync("Zoe");
        using var ann = await stack.Guest(workshop.Id).JoinAsync("Ann");
        await ann.UploadAcceptedAsync(TestImages.Png());
        Assert.Equal(HttpStatusCode.OK, (await ann.ChangeStateAsync(new { status = "paused" })).StatusCode);
        using var ben = stack.Guest(workshop.Id);
        using var cat = stack.Guest(workshop.Id);
        await using var zoeReports = new Reporter(zoe);
        await using var annReports = new Reporter(ann);

        // Zoe joined and never shared, Ann paused: only their reports keep them present past the window.
        while (annReports.Answered < ReportsPastTheWindow || zoeReports.Answered < ReportsPastTheWindow)
        {
            await ProblemAssertions.AssertProblemAsync(await ben.TryJoinAsync("Ben"), HttpStatusCode.Conflict);
            await Task.Delay(500);
        }

        await annReports.DisposeAsync();
        await Eventually.TrueAsync(async () => (await ben.TryJoinAsync("Ben")).StatusCode == HttpStatusCode.Created,
            "Ann, paused and silent, frees her seat");
        await using var benReports = new Reporter(ben);
        await ProblemAssertions.AssertProblemAsync(await cat.TryJoinAsync("Cat"), HttpStatusCode.Conflict);

        await zoeReports.DisposeAsync();
        await Eventually.TrueAsync(async () => (await cat.TryJoinAsync("Cat")).StatusCode == HttpStatusCode.Created,
            "Zoe, joined and silent, frees her seat");
        using var host = stack.Host(workshop);
        Assert.Equal(4, (await host.GetWallAsync()).GetProperty("guests").GetArrayLength());
    }

    [Fact]
    public async Task A_guest_page_that_never_shared_or_stopped_sharing_stays_present_and_one_closed_without_a_word_frees_its_seat()
    {
        var workshop = await stack.CreateWorkshopAsync(capacity: 2);
        await using var hosts = await chromium.NewContextAsync(output);
        await using var nedsLaptop = await chromium.NewContextAsync(output);
        await using var olasLaptop = await chromium.NewContextAsync(output);
        var host = await WallPages.OpenHostAsync(hosts, stack.HostLink(workshop));
        var ned = await WallPages.OpenGuestAsync(nedsLaptop, stack.GuestLink(workshop), "Ned", start: false);
        var ola = await WallPages.OpenGuestAsync(olasLaptop, stack.GuestLink(workshop), "Ola");
        await ola.ClickAsync("#stop");
        await Expect(WallPages.Panel(host, "Ola")).ToHaveAttributeAsync("data-status", "stopped", new() { Timeout = WallPages.Generous });
        var olasHeartbeats = await WallPages.CounterAsync(ola, "heartbeats");

        // Past the window from joining and from stopping: only their pages' heartbeats keep them present.
        await WallPages.WaitForHeartbeatsAsync(ned, PresenceStack.AbsentAfterHeartbeats + 1);
        await WallPages.WaitForHeartbeatsAsync(ola, olasHeartbeats + PresenceStack.AbsentAfterHeartbeats + 1);

        await Expect(host.Locator("#count-present")).ToHaveTextAsync("2", new() { Timeout = WallPages.Generous });
        await Expect(host.Locator(".wall-badge-away")).ToHaveCountAsync(0);
        using var pat = stack.Guest(workshop.Id);
        await ProblemAssertions.AssertProblemAsync(await pat.TryJoinAsync("Pat"), HttpStatusCode.Conflict);

        // Ned's laptop loses the network and the tab is closed: its page cannot say that it left.
        await nedsLaptop.SetOfflineAsync(true);
        await ned.CloseAsync();

        await Expect(WallPages.Panel(host, "Ned").Locator(".wall-badge-away")).ToHaveCountAsync(1, new() { Timeout = WallPages.Generous });
        await Expect(host.Locator("#count-present")).ToHaveTextAsync("1");
        Assert.Equal("joined", await WallPages.Panel(host, "Ned").GetAttributeAsync("data-status"));
        await Expect(WallPages.Panel(host, "Ola").Locator(".wall-badge-away")).ToHaveCountAsync(0);
        await Eventually.TrueAsync(async () => (await pat.TryJoinAsync("Pat")).StatusCode == HttpStatusCode.Created, "Ned's seat is free");
    }

    /// <summary>Sends a guest's heartbeat every second, as its page would, until disposed.</summary>
    private sealed class Reporter : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _reporting;
        private int _answered;
        private bool _disposed;

        public Reporter(GuestClient guest) => _reporting = ReportAsync(guest);

        public int Answered => Volatile.Read(ref _answered);

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            await _stop.CancelAsync();
            await _reporting;
            _stop.Dispose();
        }

        private async Task ReportAsync(GuestClient guest)
        {
            await Task.Yield();
            while (!_stop.IsCancellationRequested)
            {
                Assert.Equal(HttpStatusCode.OK, (await guest.HeartbeatAsync()).StatusCode);
                Interlocked.Increment(ref _answered);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
