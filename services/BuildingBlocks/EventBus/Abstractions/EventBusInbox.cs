using System.Security.Cryptography;
using System.Text;

namespace Hiroba.EventBus.Abstractions;

/// <summary>
/// This process's address for <see cref="IAddressedIntegrationEvent"/>s, which it gives to those that send it some
/// (Signaling's replicas, through their shared directory). It must be the same for as long as the broker keeps the
/// subscription: a persistent MQTT session keeps it across restarts, so there the address comes from the session's name;
/// a Dapr sidecar starts a clean session every time, so there every process start has an address of its own.
/// </summary>
public sealed record EventBusInbox(string Address)
{
    /// <summary>An inbox for a persistent session: hex digits of a hash of its name, which is one per process slot.</summary>
    public static EventBusInbox ForSession(string sessionName) =>
        new(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionName)).AsSpan(0, 12)));

    /// <summary>An inbox for a session that starts clean: new at each start.</summary>
    public static EventBusInbox ForCleanSession() => new(Guid.CreateVersion7().ToString("N"));
}
