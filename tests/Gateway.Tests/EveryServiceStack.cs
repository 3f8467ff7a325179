using Hiroba.TestSupport;

namespace Hiroba.Gateway.Tests;

/// <summary>mosquitto, coturn, every service and the gateway in front, as ./run starts them.</summary>
public sealed class EveryServiceStack() : HirobaStack(Services)
{
    public static readonly string[] Services = ["Feed", "Rooms", "Signaling", "Snapshots", "CameraBridge"];

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        // The tests post to Feed more often than a person may; its rate limit has tests of its own.
        settings["Feed:RateLimit:PermitLimit"] = "100000";
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class EveryServiceCollection : ICollectionFixture<EveryServiceStack>
{
    public const string Name = "every service";
}
