using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.Snapshots.Tests;

/// <summary>
/// The screen wall with two Snapshots processes behind the gateway (HIROBA_REPLICAS=2), whose health checks every second
/// let a dead process's workshops move to the other within a few seconds.
/// </summary>
public sealed class SnapshotsReplicasStack : SnapshotsStack
{
    public SnapshotsReplicasStack()
    {
        Replicas = 2;
    }

    public StackService Snapshots(int replica) => Replica("Snapshots", replica);

    /// <summary>
    /// Starts a stopped process again and waits until the gateway routes workshops to it: its health probe notices the
    /// process a moment after it is healthy, and a workshop created meanwhile lives on the other process for good.
    /// </summary>
    public async Task RestartAsync(int replica)
    {
        await Snapshots(replica).RestartAsync();
        await Eventually.TrueAsync(async () =>
        {
            var workshop = await CreateWorkshopAsync();
            using var guest = await Guest(workshop.Id).JoinAsync("Probe");
            return await OwnerOfAsync(workshop, guest.GuestId) == replica;
        }, $"the gateway routes workshops to Snapshots process {replica} again");
    }

    /// <summary>Restarts the process (as <see cref="RestartAsync"/>) unless it answers its health check.</summary>
    public async Task RestartIfDownAsync(int replica)
    {
        if (!await Snapshots(replica).IsAliveAsync())
        {
            await RestartAsync(replica);
        }
    }

    /// <summary>The process (1 or 2) whose own wall of the workshop lists <paramref name="guestId"/>; null when neither does.</summary>
    public Task<int?> OwnerOfAsync(Workshop workshop, string guestId) => WallOwners.FindAsync(this, workshop.Id, workshop.HostKey, guestId);

    /// <summary>Waits until both processes have heard of the workshop (each learns it from <c>rooms.room-opened</c>).</summary>
    public async Task WaitUntilEveryProcessKnowsAsync(Workshop workshop)
    {
        for (var replica = 1; replica <= Replicas; replica++)
        {
            using var client = Snapshots(replica).CreateClient();
            await Eventually.TrueAsync(async () => (await client.GetAsync($"/api/snapshots/rooms/{workshop.Id}")).StatusCode == HttpStatusCode.OK,
                $"Snapshots process {replica} knows workshop {workshop.Id}");
        }
    }

    protected override void ConfigureGateway(IDictionary<string, string?> settings)
    {
        settings["ReverseProxy:Clusters:snapshots:HealthCheck:Active:Interval"] = "00:00:01";
    }
}

[CollectionDefinition(Name)]
public sealed class SnapshotsReplicasCollection : ICollectionFixture<SnapshotsReplicasStack>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "snapshots replicas stack";
}
