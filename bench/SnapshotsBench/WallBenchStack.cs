using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.SnapshotsBench;

/// <summary>
/// mosquitto, Rooms, Snapshots and the gateway from the app host's model (built in Release), on loopback, the way ./run
/// starts them. Info logging is off so the console does not weigh on the numbers. The per-guest upload rate limit is
/// lifted (unless <c>maxUploadsPerSecond</c> says otherwise) so a few simulated guests can push the service to its
/// limit; everything else (persistence, checks) is as deployed.
/// </summary>
public sealed class WallBenchStack(int maxUploadsPerSecond) : IAsyncDisposable
{
    private LoopbackModel? _model;

    public BenchProcess Snapshots { get; private set; } = null!;

    public BenchProcess Gateway { get; private set; } = null!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _model = await LoopbackModel.StartAsync(["Rooms", "Snapshots", "Gateway"], service => service switch
        {
            "Snapshots" => new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Snapshots:MaxUploadsPerSecond"] = maxUploadsPerSecond.ToString(CultureInfo.InvariantCulture),
                ["Snapshots:JoinRateLimit:PermitLimit"] = "100000",
            },
            _ => new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" },
        }, cancellationToken);
        Snapshots = new BenchProcess(_model.ServiceUri("Snapshots"), await _model.ProcessIdAsync("Snapshots", cancellationToken));
        Gateway = new BenchProcess(_model.ServiceUri("Gateway"), await _model.ProcessIdAsync("Gateway", cancellationToken));
    }

    /// <summary>Creates a workshop as the admin; waits until Snapshots has heard of it.</summary>
    public async Task<(string RoomId, string HostKey)> CreateWorkshopAsync(int intervalSeconds, CancellationToken cancellationToken)
    {
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = Gateway.BaseUri };
        (await admin.PostAsJsonAsync("/api/auth/sign-in", new { password = _model!.AdminPassword }, cancellationToken)).EnsureSuccessStatusCode();
        var response = await admin.PostAsJsonAsync("/api/rooms", new { title = "Bench", kind = "workshop", capacity = 200, snapshotIntervalSeconds = intervalSeconds }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var roomId = created.GetProperty("room").GetProperty("id").GetString()!;
        while ((await admin.GetAsync($"/api/snapshots/rooms/{roomId}", cancellationToken)).StatusCode != HttpStatusCode.OK)
        {
            await Task.Delay(50, cancellationToken);
        }
        return (roomId, created.GetProperty("hostKey").GetString()!);
    }

    public ValueTask DisposeAsync() => _model?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>A service of the bench: where it listens and the process that runs it.</summary>
public sealed record BenchProcess(Uri BaseUri, int ProcessId);
