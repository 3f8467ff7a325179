using System.Text.Json.Serialization;
using Hiroba.EventBus.Abstractions;

namespace Hiroba.Contracts.Signaling;

/// <summary>
/// Between Signaling replicas only: one step of a client connection that one replica holds (<paramref name="Guest"/>)
/// while its room lives on another (<paramref name="Home"/>, docs/scaling.md). Every replica reads the topic and keeps
/// the steps addressed to it.
/// </summary>
/// <param name="To">The replica the step is for.</param>
/// <param name="Guest">The replica that holds the client's WebSocket.</param>
/// <param name="Home">The replica that runs the room.</param>
/// <param name="ConnectionId">Unique per forwarded connection.</param>
/// <param name="Text">A WebSocket text message (<see cref="RelayStep.Open"/>, <see cref="RelayStep.FromClient"/>, <see cref="RelayStep.ToClient"/>).</param>
/// <param name="Endpoint">With <see cref="RelayStep.Open"/>: <c>/ws/signaling</c> or <c>/signaling</c>.</param>
/// <param name="ClientAddress">With <see cref="RelayStep.Open"/>: where the client is, for the per-address limits.</param>
/// <param name="CloseStatus">With <see cref="RelayStep.Close"/>: the WebSocket close status the client gets.</param>
[Topic("signaling.relay")]
public sealed record SignalingRelayIntegrationEvent(
    Guid To,
    Guid Guest,
    Guid Home,
    string ConnectionId,
    RelayStep Step,
    string? Text = null,
    string? Endpoint = null,
    string? ClientAddress = null,
    int? CloseStatus = null) : IntegrationEvent;

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

    /// <summary>Home to guest: the room does not live here (any more); ask the directory again.</summary>
    Moved,
}
