using System.Net;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>
/// <see cref="CameraStack"/> with two processes of the camera bridge (HIROBA_REPLICAS=2), which share a PostgreSQL
/// database and take turns: one serves the cameras, the other stands by. The gateway probes them every second.
/// </summary>
public sealed class CameraReplicasStack : CameraStack
{
    public CameraReplicasStack()
    {
        Replicas = 2;
    }

    public StackService Bridge(int replica) => Replica("CameraBridge", replica);

    /// <summary>The process (1 or 2) that serves the cameras now; null while neither does.</summary>
    public async Task<int?> LeaderAsync()
    {
        int? leader = null;
        for (var replica = 1; replica <= Replicas; replica++)
        {
            using var client = Bridge(replica).CreateClient();
            using var response = await client.GetAsync("/healthz/leader").ContinueWith(
                sent => sent.IsCompletedSuccessfully ? sent.Result : null, TaskScheduler.Default);
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                Assert.Null(leader);
                leader = replica;
            }
        }
        return leader;
    }

    /// <summary>Waits until one process serves; returns it.</summary>
    public async Task<int> WaitForLeaderAsync(int? other = null)
    {
        int? leader = null;
        await Eventually.TrueAsync(async () => (leader = await LeaderAsync()) is { } found && found != other,
            other is null ? "a camera bridge process serves" : $"camera bridge process {3 - other} serves");
        return leader!.Value;
    }

    /// <summary>Starts the process again unless it answers its health check.</summary>
    public async Task RestartIfDownAsync(int replica)
    {
        if (!await Bridge(replica).IsAliveAsync())
        {
            await Bridge(replica).RestartAsync();
        }
    }

    protected override void ConfigureGateway(IDictionary<string, string?> settings)
    {
        settings["ReverseProxy:Clusters:cameras:HealthCheck:Active:Interval"] = "00:00:01";
    }
}

[CollectionDefinition(Name)]
public sealed class CameraReplicasCollection : ICollectionFixture<CameraReplicasStack>, ICollectionFixture<ChromiumFixture>
{
    public const string Name = "camera replicas stack";
}
