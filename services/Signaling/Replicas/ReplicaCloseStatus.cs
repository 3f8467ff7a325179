using System.Net.WebSockets;

namespace Hiroba.Signaling.Replicas;

/// <summary>Close codes that .NET has no name for, used where replicas cannot serve a client now.</summary>
public static class ReplicaCloseStatus
{
    /// <summary>1013, Try Again Later (RFC 6455 registry): the client connects again, and may land where it can be served.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
}
