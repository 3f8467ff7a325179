using System.ComponentModel.DataAnnotations;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// Section <c>Gateway:Mqtt</c>: how many <c>/mqtt</c> connections (pages with live updates) may be open at once, shared
/// fairly between client addresses (<see cref="MqttConnectionShares"/>).
/// </summary>
public sealed record MqttConnectionLimitOptions
{
    public const string SectionName = "Gateway:Mqtt";

    /// <summary>
    /// Far above a workshop (Rooms:MaxCapacity is 200 guests, each with a page or two open), yet it bounds what pages can
    /// make the broker hold: about 6 KiB each when idle, and a file descriptor each, which compose's broker has 4096 of.
    /// </summary>
    public const int DefaultMaxConnections = 1000;

    [Range(1, 100_000)]
    public int MaxConnections { get; init; } = DefaultMaxConnections;
}
