namespace Hiroba.LocalComponents;

/// <summary>How to run coturn with TURN REST API credentials (ephemeral, HMAC of the shared secret).</summary>
/// <param name="Directory">Folder for turnserver.conf, the user database and the pid file (created if missing).</param>
/// <param name="Secret">The static auth secret shared with the service that issues credentials.</param>
/// <param name="AllowLoopbackPeers">
/// Relay to loopback peers (127.0.0.0/8, ::1). Off, coturn refuses them, so that no holder of a TURN credential reaches
/// this machine's loopback services through a relay. Turn it on only while coturn listens on loopback alone (the tests'
/// browsers, a local run that serves no network), where whoever can allocate a relay reaches loopback directly anyway
/// and calls between browsers of the machine relay between 127.0.0.1 peers; never once it listens on an address others
/// can reach.
/// </param>
/// <param name="RelayPortCount">Size of the relay port block (each allocation uses one port).</param>
/// <param name="ListeningAddress">The IPv4 address coturn listens and relays on: 127.0.0.1, or the room's LAN address.</param>
/// <param name="Port">The TURN port (UDP and TCP); 0 picks a free one.</param>
/// <param name="RelayPorts">The relay ports; null picks a free block of <paramref name="RelayPortCount"/>.</param>
public sealed record CoturnOptions(
    string Directory,
    string Secret,
    string Realm = "hiroba.local",
    bool AllowLoopbackPeers = false,
    int RelayPortCount = 20,
    Action<string>? OnOutputLine = null,
    string ListeningAddress = "127.0.0.1",
    int Port = 0,
    PortRange? RelayPorts = null);
