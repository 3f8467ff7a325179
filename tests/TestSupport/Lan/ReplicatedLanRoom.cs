using System.Runtime.Versioning;

namespace Hiroba.TestSupport.Lan;

/// <summary>The LAN room with two processes of every backend behind the gateway (HIROBA_REPLICAS=2).</summary>
[SupportedOSPlatform("linux")]
public sealed class ReplicatedLanRoom : LanRoom
{
    protected override int Replicas => 2;
}
