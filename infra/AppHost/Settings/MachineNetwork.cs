using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Hiroba.AppHost;

/// <summary>What the local run needs to know about this machine's network.</summary>
/// <param name="Addresses">Every IPv4 address of every interface, loopback included.</param>
/// <param name="DefaultRoute">The interface that holds the default route and its IPv4 address, if any.</param>
/// <param name="HostName">The machine's host name (its mDNS name is <c>HostName.local</c>).</param>
internal sealed record MachineNetwork(
    IReadOnlyList<IPAddress> Addresses, (string Interface, IPAddress Address)? DefaultRoute, string HostName)
{
    public static MachineNetwork Current()
    {
        var interfaces = NetworkInterface.GetAllNetworkInterfaces();
        var addresses = interfaces.SelectMany(IPv4Addresses).ToArray();
        var withGateway = interfaces.FirstOrDefault(candidate =>
            candidate.OperationalStatus == OperationalStatus.Up
            && candidate.GetIPProperties().GatewayAddresses.Any(gateway =>
                gateway.Address.AddressFamily == AddressFamily.InterNetwork && !gateway.Address.Equals(IPAddress.Any))
            && IPv4Addresses(candidate).Any());
        return new MachineNetwork(
            addresses,
            withGateway is null ? null : (withGateway.Name, IPv4Addresses(withGateway).First()),
            Dns.GetHostName());
    }

    public bool Has(IPAddress address) => IPAddress.IsLoopback(address) || Addresses.Contains(address);

    private static IEnumerable<IPAddress> IPv4Addresses(NetworkInterface networkInterface) =>
        networkInterface.GetIPProperties().UnicastAddresses
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork);
}
