using Hiroba.EventBus.Abstractions;

namespace Hiroba.EventBus.Tests;

[Topic("test.thing-happened")]
public sealed record ThingHappened(string Name, int Count) : IntegrationEvent;

[Topic("test.thing-broke")]
public sealed record ThingBroke(string Name) : IntegrationEvent;

[Topic("test.thing-addressed")]
public sealed record ThingAddressed(string Name) : IntegrationEvent, IAddressedIntegrationEvent
{
    [System.Text.Json.Serialization.JsonIgnore]
    public string Inbox { get; init; } = "";
}
