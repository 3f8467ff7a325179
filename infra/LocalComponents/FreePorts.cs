using System.Net;
using System.Net.Sockets;

namespace Hiroba.LocalComponents;

/// <summary>
/// Ports on 127.0.0.1 that are free right now, all below the kernel's ephemeral range: a port from that range can be
/// taken by any outgoing connection in the moments before its listener binds it. Each port is handed out once on this
/// machine while the process that took it lives: two callers that both pick before either binds would otherwise get
/// the same free port, in one process or in two (a test and the app host it starts, each picking ports).
/// </summary>
public static class FreePorts
{
    private const int MaxAttempts = 200;
    private const int ListenerRangeFloor = 10000;
    private const int RelayRangeFloor = 20000;
    private const int RelayRangeCeiling = 32000;

    /// <summary>The first port the kernel hands to outgoing connections; read once.</summary>
    private static readonly int EphemeralRangeStart = ReadEphemeralRangeStart();

    private static readonly HashSet<int> HandedOut = [];

    private static readonly List<FileStream> Claims = [];

    /// <summary>
    /// Where each port handed out has a lock file, held open (flock) until this process exits: one folder per user, so
    /// that one user's folder never keeps another from claiming ports.
    /// </summary>
    public static string ClaimsFolder { get; } = Path.Combine(Path.GetTempPath(), $"hiroba-ports-{Environment.UserName}");

    /// <summary>A TCP port for a listener, from 10000–19999 (coturn's relay ranges lie above).</summary>
    public static int Tcp() => Tcp(IPAddress.Loopback);

    private static int Tcp(IPAddress address)
    {
        var ceiling = Math.Min(RelayRangeFloor, EphemeralRangeStart);
        var floor = Math.Max(1024, Math.Min(ListenerRangeFloor, ceiling - 1000));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var port = Random.Shared.Next(floor, ceiling);
            if (IsTcpFree(address, port) && TryHandOut([port]))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"Found no free TCP port between {floor} and {ceiling}.");
    }

    /// <summary>A port free for both TCP and UDP on <paramref name="address"/> (default 127.0.0.1), as coturn listens on both.</summary>
    public static int TcpAndUdp(IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var port = Tcp(address);
            if (IsUdpFree(address, port))
            {
                return port;
            }
        }
        throw new InvalidOperationException($"Found no port on {address} that is free for both TCP and UDP.");
    }

    /// <summary>
    /// A block of <paramref name="count"/> consecutive ports, free for UDP and TCP, below the kernel's ephemeral
    /// range so that outgoing connections never take them (used as coturn's relay range).
    /// </summary>
    public static PortRange RelayRange(int count, IPAddress? address = null)
    {
        address ??= IPAddress.Loopback;
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 1000);
        var ceiling = Math.Min(RelayRangeCeiling, EphemeralRangeStart);
        var floor = Math.Max(1024, Math.Min(RelayRangeFloor, ceiling - (10 * count)));
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var first = Random.Shared.Next(floor, ceiling - count + 1);
            var range = new PortRange(first, first + count - 1);
            if (range.All(port => IsUdpFree(address, port) && IsTcpFree(address, port)) && TryHandOut(range))
            {
                return range;
            }
        }
        throw new InvalidOperationException($"Found no {count} free consecutive ports between {floor} and {ceiling}.");
    }

    /// <summary>Marks every port as handed out, or none when one of them was already, here or by another process.</summary>
    private static bool TryHandOut(IEnumerable<int> ports)
    {
        lock (HandedOut)
        {
            var wanted = ports.ToArray();
            if (wanted.Any(HandedOut.Contains))
            {
                return false;
            }
            var claims = new List<FileStream>(wanted.Length);
            foreach (var port in wanted)
            {
                if (TryClaim(port) is not { } claim)
                {
                    claims.ForEach(taken => taken.Dispose());
                    return false;
                }
                claims.Add(claim);
            }
            HandedOut.UnionWith(wanted);
            Claims.AddRange(claims);
            return true;
        }
    }

    /// <returns>The open lock file, or null when another live process holds the port.</returns>
    private static FileStream? TryClaim(int port)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(ClaimsFolder);
        }
        else
        {
            Directory.CreateDirectory(ClaimsFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        try
        {
            // FileShare.None is an exclusive flock on Unix: the kernel drops it when the holder exits, however it ends.
            return new FileStream(Path.Combine(ClaimsFolder, $"{port}"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int ReadEphemeralRangeStart()
    {
        const string path = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(path)
            && int.TryParse(File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], out var start))
        {
            return start;
        }
        return RelayRangeCeiling;
    }

    public static bool IsUdpFree(IPAddress address, int port) => CanBind(address, port, SocketType.Dgram) is null;

    public static bool IsTcpFree(int port) => IsTcpFree(IPAddress.Loopback, port);

    public static bool IsTcpFree(IPAddress address, int port) => CanBind(address, port, SocketType.Stream) is null;

    /// <summary>Binds (and listens, for TCP) on the address and port for a moment.</summary>
    /// <returns>Null when that worked, else why not (in use, not an address of this machine, needs privileges).</returns>
    public static SocketError? CanBind(IPAddress address, int port, SocketType type)
    {
        ArgumentNullException.ThrowIfNull(address);
        try
        {
            using var socket = new Socket(address.AddressFamily, type, type == SocketType.Stream ? ProtocolType.Tcp : ProtocolType.Udp);
            socket.Bind(new IPEndPoint(address, port));
            if (type == SocketType.Stream)
            {
                socket.Listen();
            }
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }
}
