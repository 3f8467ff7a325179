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
/// over a <see cref="RelayedWebSocket"/>. Steps travel on <c>signaling.relay.&lt;inbox&gt;</c> in order (<see cref="RelaySender"/>, one
/// reader), numbered per connection and direction (<see cref="RelayLink"/>).
/// </summary>
public sealed partial class RelayHub(
    ReplicaDirectory directory, SignalingEndpoints endpoints, RelaySender sender, KeepAliveSweeper sweeper,
    IOptions<SignalingOptions> options, IOptions<SignalingReplicasOptions> replicaOptions, IHostApplicationLifetime lifetime,
    TimeProvider timeProvider, ILoggerFactory loggers)
{
    /// <summary>1011: the server cannot go on with the connection (relay steps were lost); the client connects again.</summary>
    private const WebSocketCloseStatus StepsLost = WebSocketCloseStatus.InternalServerError;

    private readonly ConcurrentDictionary<string, (RelayLink Link, ForwardedConnection Connection)> _guests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (RelayLink Link, RelayedWebSocket Socket)> _homes = new(StringComparer.Ordinal);
    private readonly ILogger<RelayHub> _logger = loggers.CreateLogger<RelayHub>();

    /// <summary>As the guest: runs the client's connection, relayed to <paramref name="home"/>, until it ends.</summary>
    public async Task ForwardAsync(
        Guid home, string endpoint, string roomId, PeerSocket socket, IPAddress clientAddress, string firstMessage, CancellationToken stopping)
    {
        var id = Guid.CreateVersion7().ToString("N");
        LogForwarding(_logger, id, endpoint, roomId, home);
        var link = new RelayLink(sender, directory.Me, home, id, atHome: false);
        var connection = new ForwardedConnection(
            id, home, endpoint, endpoints.MaxMessageBytes(endpoint), replicaOptions.Value.OpenTimeout, socket, clientAddress, (step, text) => link.Send(step, text),
            sweeper, timeProvider, loggers.CreateLogger<ForwardedConnection>());
        _guests[id] = (link, connection);
        try
        {
            if (!link.Send(RelayStep.Open, firstMessage, endpoint, clientAddress.ToString()))
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

    /// <summary>
    /// Relay steps from another replica: what they ask of this replica, if they are addressed here. An inbox outlives a
    /// replica under a persistent broker session, so steps for this process's former self may still arrive.
    /// </summary>
    public async Task DeliverAsync(SignalingRelayIntegrationEvent relayed, CancellationToken cancellationToken)
    {
        if (relayed.To != directory.Me)
        {
            return;
        }
        foreach (var step in relayed.Steps)
        {
            if (step.Step == RelayStep.Open)
            {
                await OpenAsync(step, cancellationToken);
            }
            else if (step.Step is RelayStep.FromClient or RelayStep.Gone)
            {
                DeliverAtHome(step);
            }
            else
            {
                DeliverAtGuest(step);
            }
        }
    }

    /// <summary>Ends the relayed connections of replicas that are gone: theirs held here, and those held here for rooms there.</summary>
    public void LetGoOfReplicasOtherThan(IReadOnlySet<Guid> alive)
    {
        foreach (var (id, home) in _homes.Where(entry => !alive.Contains(entry.Value.Link.Other)))
        {
            LogGuestGone(_logger, id, home.Link.Other);
            home.Socket.ClientGone();
        }
        foreach (var (id, guest) in _guests.Where(entry => !alive.Contains(entry.Value.Link.Other)))
        {
            LogHomeGone(_logger, id, guest.Link.Other);
            guest.Connection.Close(WebSocketCloseStatus.EndpointUnavailable);
        }
    }

    private void DeliverAtHome(SignalingRelayStep step)
    {
        if (!_homes.TryGetValue(step.ConnectionId, out var home))
        {
            return;
        }
        switch (home.Link.Arrived(step.Sequence))
        {
            case RelayArrival.Gap:
                // Forgotten at once: the steps after the gap are gaps too, and the connection ends only once.
                _homes.TryRemove(step.ConnectionId, out _);
                LogStepsLost(_logger, step.ConnectionId, step.Guest);
                home.Link.Send(RelayStep.Close, closeStatus: (int)StepsLost);
                home.Socket.ClientGone();
                break;
            case RelayArrival.Next when step.Step == RelayStep.FromClient:
                home.Socket.Received(step.Text ?? "");
                break;
            case RelayArrival.Next:
                home.Socket.ClientGone();
                break;
        }
    }

    private void DeliverAtGuest(SignalingRelayStep step)
    {
        if (!_guests.TryGetValue(step.ConnectionId, out var guest))
        {
            return;
        }
        switch (guest.Link.Arrived(step.Sequence))
        {
            case RelayArrival.Gap:
                _guests.TryRemove(step.ConnectionId, out _);
                LogStepsLost(_logger, step.ConnectionId, step.Home);
                guest.Connection.Close(StepsLost);
                break;
            case RelayArrival.Next when step.Step == RelayStep.ToClient:
                guest.Connection.Send(step.Text ?? "");
                break;
            case RelayArrival.Next when step.Step == RelayStep.Close:
                guest.Connection.Close((WebSocketCloseStatus)(step.CloseStatus ?? (int)WebSocketCloseStatus.NormalClosure));
                break;
            case RelayArrival.Next when step.Step == RelayStep.Moved:
                // The room moved between this replica's lookup and the home's check: the client connects again.
                LogMoved(_logger, step.ConnectionId, step.Home);
                guest.Connection.Close(WebSocketCloseStatus.EndpointUnavailable);
                break;
        }
    }

    /// <summary>As the home: the client joins a room here, run as if it were connected here.</summary>
    private async Task OpenAsync(SignalingRelayStep step, CancellationToken cancellationToken)
    {
        var (id, endpoint, first) = (step.ConnectionId, step.Endpoint ?? "", step.Text ?? "");
        var link = new RelayLink(sender, step.Guest, directory.Me, id, atHome: true);
        if (link.Arrived(step.Sequence) != RelayArrival.Next || _homes.ContainsKey(id))
        {
            return;
        }
        var room = SignalingEndpoints.RoomJoinedBy(endpoint, Encoding.UTF8.GetBytes(first));
        if (room is null || !IPAddress.TryParse(step.ClientAddress, out var clientAddress) || !await IsHomeOfAsync(endpoint, room, cancellationToken))
        {
            link.Send(RelayStep.Moved);
            return;
        }
        var socket = new RelayedWebSocket(text => link.Send(RelayStep.ToClient, text), status => link.Send(RelayStep.Close, closeStatus: (int)status));
        _homes[id] = (link, socket);
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

    [LoggerMessage(LogLevel.Information, "Connection {ConnectionId} joins {Endpoint} room {RoomId}, which lives on replica {Home}: relayed there")]
    private static partial void LogForwarding(ILogger logger, string connectionId, string endpoint, string roomId, Guid home);

    [LoggerMessage(LogLevel.Error, "Could not check in the shared directory that room {RoomId} lives here; the relayed client connects again")]
    private static partial void LogDirectoryFailed(ILogger logger, Exception exception, string roomId);

    [LoggerMessage(LogLevel.Information, "Relayed connection {ConnectionId}: its room is no longer on replica {Home}; the client connects again")]
    private static partial void LogMoved(ILogger logger, string connectionId, Guid home);

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId} ends: steps from replica {Other} were lost on the way (the broker fell behind)")]
    private static partial void LogStepsLost(ILogger logger, string connectionId, Guid other);

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId} ends: replica {Guest}, which held its client, is gone")]
    private static partial void LogGuestGone(ILogger logger, string connectionId, Guid guest);

    [LoggerMessage(LogLevel.Warning, "Relayed connection {ConnectionId} closes: replica {Home}, where its room lived, is gone")]
    private static partial void LogHomeGone(ILogger logger, string connectionId, Guid home);
}
