using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Hiroba.Contracts.Signaling;
using Hiroba.Signaling.Connections;
using Microsoft.Extensions.Options;

namespace Hiroba.Signaling.Replicas;

/// <summary>
/// This replica's ends of relayed connections: as the guest, the clients it holds whose rooms live elsewhere; as the
/// home, the clients other replicas hold in rooms that live here, each run by the same peer code as a local client
/// over a <see cref="RelayedWebSocket"/>. Steps travel on <c>signaling.relay</c> in order (<see cref="RelaySender"/>, one
/// reader).
/// </summary>
public sealed partial class RelayHub(
    ReplicaDirectory directory, SignalingEndpoints endpoints, RelaySender sender, KeepAliveSweeper sweeper,
    IOptions<SignalingOptions> options, IHostApplicationLifetime lifetime, TimeProvider timeProvider, ILoggerFactory loggers)
{
    private readonly ConcurrentDictionary<string, ForwardedConnection> _guests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (Guid Guest, RelayedWebSocket Socket)> _homes = new(StringComparer.Ordinal);
    private readonly ILogger<RelayHub> _logger = loggers.CreateLogger<RelayHub>();

    /// <summary>Relayed connections this replica holds for rooms elsewhere, and runs for clients held elsewhere.</summary>
    public (int Guests, int Homes) Count => (_guests.Count, _homes.Count);

    /// <summary>As the guest: runs the client's connection, relayed to <paramref name="home"/>, until it ends.</summary>
    public async Task ForwardAsync(
        Guid home, string endpoint, string roomId, PeerSocket socket, IPAddress clientAddress, string firstMessage, CancellationToken stopping)
    {
        var id = Guid.CreateVersion7().ToString("N");
        LogForwarding(_logger, id, endpoint, roomId, home);
        var connection = new ForwardedConnection(
            id, home, endpoint, endpoints.MaxMessageBytes(endpoint), socket, clientAddress,
            (step, text) => sender.Send(home, new SignalingRelayStep(directory.Me, home, id, step, text)),
            sweeper, timeProvider, loggers.CreateLogger<ForwardedConnection>());
        _guests[id] = connection;
        try
        {
            if (!sender.Send(home, new SignalingRelayStep(directory.Me, home, id, RelayStep.Open, firstMessage, endpoint, clientAddress.ToString())))
            {
                connection.Close(WebSocketCloseStatus.MessageTooBig);
            }
            await connection.RunAsync(stopping);
        }
        finally
        {
            _guests.TryRemove(id, out _);
        }
    }

    /// <summary>Relay steps from another replica: what they ask of this replica, if they are addressed here.</summary>
    public async Task DeliverAsync(SignalingRelayIntegrationEvent relayed, CancellationToken cancellationToken)
    {
        if (relayed.To != directory.Me)
        {
            return;
        }
        foreach (var step in relayed.Steps)
        {
            await DeliverAsync(step, cancellationToken);
        }
    }

    private async Task DeliverAsync(SignalingRelayStep step, CancellationToken cancellationToken)
    {
        switch (step.Step)
        {
            case RelayStep.Open:
                await OpenAsync(step, cancellationToken);
                break;
            case RelayStep.FromClient when _homes.TryGetValue(step.ConnectionId, out var home):
                home.Socket.Received(step.Text ?? "");
                break;
            case RelayStep.Gone when _homes.TryGetValue(step.ConnectionId, out var home):
                home.Socket.ClientGone();
                break;
            case RelayStep.ToClient when _guests.TryGetValue(step.ConnectionId, out var guest):
                guest.Send(step.Text ?? "");
                break;
            case RelayStep.Close when _guests.TryGetValue(step.ConnectionId, out var guest):
                guest.Close((WebSocketCloseStatus)(step.CloseStatus ?? (int)WebSocketCloseStatus.NormalClosure));
                break;
            case RelayStep.Moved when _guests.TryGetValue(step.ConnectionId, out var guest):
                // The room moved between this replica's lookup and the home's check: the client connects again.
                LogMoved(_logger, step.ConnectionId, step.Home);
                guest.Close(WebSocketCloseStatus.EndpointUnavailable);
                break;
        }
    }

    /// <summary>Ends the relayed connections of replicas that are gone: theirs held here, and those held here for rooms there.</summary>
    public void LetGoOfReplicasOtherThan(IReadOnlySet<Guid> alive)
    {
        foreach (var (id, home) in _homes.Where(entry => !alive.Contains(entry.Value.Guest)))
        {
            LogGuestGone(_logger, id, home.Guest);
            home.Socket.ClientGone();
        }
        foreach (var (id, guest) in _guests.Where(entry => !alive.Contains(entry.Value.Home)))
        {
            LogHomeGone(_logger, id, guest.Home);
            guest.Close(WebSocketCloseStatus.EndpointUnavailable);
        }
    }

    /// <summary>As the home: the client joins a room here, run as if it were connected here.</summary>
    private async Task OpenAsync(SignalingRelayStep step, CancellationToken cancellationToken)
    {
        var (guest, id, endpoint, first) = (step.Guest, step.ConnectionId, step.Endpoint ?? "", step.Text ?? "");
        var room = SignalingEndpoints.RoomJoinedBy(endpoint, Encoding.UTF8.GetBytes(first));
        if (room is null || !IPAddress.TryParse(step.ClientAddress, out var clientAddress) || !await IsHomeOfAsync(endpoint, room, cancellationToken))
        {
            sender.Send(guest, new SignalingRelayStep(guest, directory.Me, id, RelayStep.Moved));
            return;
        }
        var socket = new RelayedWebSocket(
            text => sender.Send(guest, new SignalingRelayStep(guest, directory.Me, id, RelayStep.ToClient, text)),
            status => sender.Send(guest, new SignalingRelayStep(guest, directory.Me, id, RelayStep.Close, CloseStatus: (int)status)));
        _homes[id] = (guest, socket);
        socket.Received(first);
        var settings = options.Value;
        var connection = endpoints.Create(endpoint, new PeerSocket(socket, settings.SendQueueMessages, settings.SendQueueBytes), clientAddress);
        _ = RunHomeSideAsync(id, connection);
    }

    /// <summary>Whether the room still lives here; false too when the directory cannot say (the client then connects again).</summary>
    private async Task<bool> IsHomeOfAsync(string endpoint, string room, CancellationToken cancellationToken)
    {
        try
        {
            return await directory.ClaimAsync(endpoint, room, cancellationToken) == directory.Me;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogDirectoryFailed(_logger, exception, room);
            return false;
        }
    }

    private async Task RunHomeSideAsync(string id, SignalingConnection connection)
    {
        try
        {
            await connection.RunAsync(lifetime.ApplicationStopping);
        }
        finally
        {
            _homes.TryRemove(id, out _);
        }
    }

    [LoggerMessage(LogLevel.Error, "Could not check in the shared directory that room {RoomId} lives here; the relayed client connects again")]
    private static partial void LogDirectoryFailed(ILogger logger, Exception exception, string roomId);

    [LoggerMessage(LogLevel.Information, "Connection {ConnectionId} joins {Endpoint} room {RoomId}, which lives on replica {Home}: relayed there")]
    private static partial void LogForwarding(ILogger logger, string connectionId, string endpoint, string roomId, Guid home);

    [LoggerMessage(LogLevel.Information, "Relayed connection {ConnectionId}: its room is no longer on replica {Home}; the client connects again")]
    private static partial void LogMoved(ILogger logger, string connectionId, Guid home);

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId} ends: replica {Guest}, which held its client, is gone")]
    private static partial void LogGuestGone(ILogger logger, string connectionId, Guid guest);

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId} closes: replica {Home}, where its room lived, is gone")]
    private static partial void LogHomeGone(ILogger logger, string connectionId, Guid home);
}
