using System.Net;

namespace Hiroba.Signaling.Connections;

/// <summary>Where a new client connection runs: here, or (with several replicas) on its room's replica.</summary>
public interface IConnectionRouter
{
    Task RunAsync(string endpoint, PeerSocket socket, IPAddress clientAddress, CancellationToken stopping);
}

/// <summary>One replica: every connection runs here, as it reads its messages.</summary>
public sealed class LocalConnections(SignalingEndpoints endpoints) : IConnectionRouter
{
    public Task RunAsync(string endpoint, PeerSocket socket, IPAddress clientAddress, CancellationToken stopping) =>
        endpoints.Create(endpoint, socket, clientAddress).RunAsync(stopping);
}
