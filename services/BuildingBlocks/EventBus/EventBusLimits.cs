using System.Globalization;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus;

/// <summary>
/// How big an event may be on the bus. The broker's packet limit is set from <see cref="MaxPacketBytes"/> (the
/// <c>max_packet_size</c> of ./run's generated mosquitto.conf and of infra/mosquitto/mosquitto.conf), and a service
/// refuses to publish an event above <see cref="MaxEventBytes"/>, so an event it may publish always fits through.
/// </summary>
public static class EventBusLimits
{
    /// <summary>
    /// The largest CloudEvent a service publishes. The largest event, a feed post with a 2,000-character body, stays
    /// under 16 KiB even when every character is escaped.
    /// </summary>
    public const int MaxEventBytes = 32 * 1024;

    /// <summary>The broker's largest packet: an event, what a Dapr sidecar adds to its envelope, and the MQTT headers.</summary>
    public const int MaxPacketBytes = 64 * 1024;

    /// <exception cref="EventBusPublishException">The envelope is above <see cref="MaxEventBytes"/>.</exception>
    internal static void EnsurePublishable(string topic, byte[] envelope)
    {
        if (envelope.Length > MaxEventBytes)
        {
            throw new EventBusPublishException(topic, string.Create(CultureInfo.InvariantCulture,
                $"the event is {envelope.Length} bytes, above the limit of {MaxEventBytes} bytes"));
        }
    }
}
