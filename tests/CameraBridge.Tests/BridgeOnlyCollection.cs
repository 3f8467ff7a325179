namespace Hiroba.CameraBridge.Tests;

/// <summary>The test classes that share one <see cref="BridgeOnlyStack"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class BridgeOnlyCollection : ICollectionFixture<BridgeOnlyStack>
{
    public const string Name = "camera bridge alone";
}
