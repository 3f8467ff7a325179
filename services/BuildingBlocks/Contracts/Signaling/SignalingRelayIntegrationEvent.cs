using System.Text.Json.Serialization;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Signaling;

/// <summary>
/// Between Signaling replicas only: steps of client connections that one replica holds while their rooms live on
/// another (docs/scaling.md), for the replica <paramref name="To"/>, in the order they were taken. The event goes to
/// that replica's inbox (the shared directory names it), so no other replica receives it.
/// </summary>
[Topic("signaling.relay")]
public sealed record SignalingRelayIntegrationEvent(Guid To, IReadOnlyList<SignalingRelayStep> Steps) : IntegrationEvent, IAddressedIntegrationEvent
{
    [JsonIgnore]
    public string Inbox { get; init; } = "";
}

/// <summary>One step of one relayed connection.</summary>
/// <param name="Guest">The replica that holds the client's WebSocket.</param>
/// <param name="Home">The replica that runs the room.</param>
/// <param name="ConnectionId">Unique per relayed connection.</param>
/// <param name="Text">A WebSocket text message (<see cref="RelayStep.Open"/>, <see cref="RelayStep.FromClient"/>, <see cref="RelayStep.ToClient"/>).</param>
/// <param name="Endpoint">With <see cref="RelayStep.Open"/>: <c>/ws/signaling</c> or <c>/signaling</c>.</param>
/// <param name="ClientAddress">With <see cref="RelayStep.Open"/>: where the client is, for the per-address limits.</param>
/// <param name="CloseStatus">With <see cref="RelayStep.Close"/>: the WebSocket close status the client gets.</param>
/// <param name="Sequence">Counts the connection's steps in this direction from 0: a gap means steps were lost on the way.</param>
public sealed record SignalingRelayStep(
    Guid Guest,
    Guid Home,
    string ConnectionId,
    long Sequence,
    RelayStep Step,
    string? Text = null,
    string? Endpoint = null,
    string? ClientAddress = null,
    int? CloseStatus = null);

[JsonConverter(typeof(JsonStringEnumConverter<RelayStep>))]
public enum RelayStep
{
    /// <summary>Guest to home: a client connected whose first message (<c>Text</c>) joins a room that lives there.</summary>
    Open,

    /// <summary>Guest to home: a message from the client.</summary>
    FromClient,

    /// <summary>Guest to home: the client went away.</summary>
    Gone,

    /// <summary>Home to guest: a message for the client.</summary>
    ToClient,

    /// <summary>Home to guest: close the client's connection with <c>CloseStatus</c>.</summary>
    Close,

    /// <summary>Home to guest: the room does not live here (any more); the client connects again.</summary>
    Moved,
}
