using System.ComponentModel.DataAnnotations;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// Section <c>Gateway:Mqtt</c>: where the gateway reads the public topics, and the limits of <c>/mqtt</c>, where pages
/// read them from the gateway.
/// </summary>
public sealed record LiveEventsOptions : IValidatableObject
{
    public const string SectionName = "Gateway:Mqtt";

    /// <summary>
    /// Far above a workshop (Rooms:MaxCapacity is 200 guests, each with a page or two open), yet it bounds what pages can
    /// make the gateway hold: a socket and a little memory each.
    /// </summary>
    public const int DefaultMaxConnections = 1000;

    /// <summary>
    /// The broker's public listener, anonymous and read-only: <c>ws://mosquitto:9001/</c> (its websockets listener) or an
    /// MQTT one (<c>mqtt://</c>, <c>mqtts://</c>).
    /// </summary>
    [Required]
    public Uri? Broker { get; init; }

    [Range(1, 100_000)]
    public int MaxConnections { get; init; } = DefaultMaxConnections;

    /// <summary>The largest MQTT packet a page may send: its CONNECT and SUBSCRIBEs are far smaller.</summary>
    [Range(64, 65_536)]
    public int MaxPacketBytes { get; init; } = 4096;

    /// <summary>How many topic filters a page may hold (it needs one per public topic).</summary>
    [Range(1, 1000)]
    public int MaxSubscriptions { get; init; } = 16;

    /// <summary>
    /// Events waiting for one page whose socket is full. A page further behind is closed: it reconnects and catches up
    /// from the API, as after any interruption, instead of holding the gateway's memory.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxQueuedEvents { get; init; } = 1000;

    /// <summary>The longest MQTT keep-alive a page may ask for (0, none, is refused too): a silent page is closed after 1.5 times its keep-alive.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00")]
    public TimeSpan MaxKeepAlive { get; init; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Broker is { } broker && (!broker.IsAbsoluteUri || broker.Scheme is not ("ws" or "wss" or "mqtt" or "mqtts")))
        {
            yield return new ValidationResult(
                $"{SectionName}:Broker must be a ws://, wss://, mqtt:// or mqtts:// address, not '{broker}'.", [nameof(Broker)]);
        }
        else if (Broker is { UserInfo.Length: > 0 })
        {
            yield return new ValidationResult(
                $"{SectionName}:Broker names a user: the gateway reads the public listener anonymously and holds no broker password.", [nameof(Broker)]);
        }
    }
}
