using Hiroba.EventBus.Publishing;
using Hiroba.Signaling.Limits;
using Hiroba.Signaling.RoomDirectory;
using Hiroba.Turn;

namespace Hiroba.Signaling.Connections;

/// <summary>What every connection of either protocol shares.</summary>
public sealed record PeerServices(
    KnownRooms KnownRooms,
    ClientAddressLimits Limits,
    IceServerProvider IceServers,
    IIntegrationEventPublisher Events,
    KeepAliveSweeper Sweeper,
    TimeProvider TimeProvider,
    SignalingOptions Options);
