namespace Hiroba.Contracts.Rooms;

/// <summary>A process's request for every open room, which Rooms answers with <see cref="RoomSyncCompletedIntegrationEvent"/>.</summary>
public interface IRoomSyncRequest
{
    /// <summary>The process that asked; the answer names it.</summary>
    string InstanceId { get; }
}
