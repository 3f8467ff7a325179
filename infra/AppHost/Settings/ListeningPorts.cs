using System.Net;
using System.Net.Sockets;
using Hiroba.LocalComponents;

namespace Hiroba.AppHost;

/// <summary>Checks, before anything starts, that every port the run listens on can be bound, naming the setting of a taken one.</summary>
internal static class ListeningPorts
{
    public static void EnsureFree(RunSettings settings, PublicEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoint);
        var httpSetting = settings.PublicUrl is { Scheme: "http" } ? "HIROBA_PUBLIC_URL" : "HIROBA_PORT";
        Check(IPAddress.Loopback, endpoint.HttpPort, SocketType.Stream, httpSetting);
        foreach (var (url, setting) in endpoint.NetworkListeners)
        {
            Check(IPAddress.Parse(url.Host), url.Port, SocketType.Stream, setting);
        }
        if (settings.DashboardPort is { } dashboard)
        {
            Check(IPAddress.Loopback, dashboard, SocketType.Stream, "HIROBA_DASHBOARD");
        }
        if (!endpoint.IsThisMachineOnly)
        {
            var turnPort = settings.TurnPort ?? LocalServers.RoomTurnPort;
            Check(endpoint.Address, turnPort, SocketType.Stream, "HIROBA_TURN_PORT");
            Check(endpoint.Address, turnPort, SocketType.Dgram, "HIROBA_TURN_PORT");
        }
    }

    private static void Check(IPAddress address, int port, SocketType type, string setting)
    {
        var protocol = type == SocketType.Stream ? "TCP" : "UDP";
        var problem = FreePorts.CanBind(address, port, type) switch
        {
            null => null,
            SocketError.AddressAlreadyInUse => "is in use",
            SocketError.AccessDenied => "needs privileges (ports below 1024 need root)",
            SocketError.AddressNotAvailable => "cannot be used: the address is not on this machine",
            var error => $"cannot be used ({error})",
        };
        if (problem is not null)
        {
            throw new RunSettingsException($"{protocol} port {port} on {address} {problem}; set {setting} to another one.");
        }
    }
}
