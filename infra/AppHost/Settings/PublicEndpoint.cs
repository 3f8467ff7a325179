using System.Net;
using System.Net.Sockets;
using Hiroba.LocalComponents.Tls;

namespace Hiroba.AppHost;

/// <summary>
/// Where browsers reach the local run. By default the room: HTTPS on the private IPv4 address of the interface with
/// the default route (port 8443), or this machine only (plain HTTP on 127.0.0.1) when there is none; HIROBA_PUBLIC_URL
/// chooses either explicitly. The broker, the services and their internal ports stay on 127.0.0.1 in both.
/// </summary>
/// <param name="Url">The origin guests type (<c>Gateway:PublicUrl</c>).</param>
/// <param name="Address">The IPv4 address the gateway's public listeners and coturn use.</param>
/// <param name="HttpPort">Plain HTTP: served on 127.0.0.1, redirected to <paramref name="Url"/> on <paramref name="Address"/>.</param>
/// <param name="Choice">How it was chosen, in words.</param>
/// <param name="OtherChoice">How to get the other mode, in words.</param>
internal sealed record PublicEndpoint(Uri Url, IPAddress Address, int HttpPort, string Choice, string OtherChoice)
{
    public const int DefaultHttpsPort = 8443;

    public bool IsThisMachineOnly => IPAddress.IsLoopback(Address);

    public bool UsesTls => Url.Scheme == Uri.UriSchemeHttps;

    /// <summary>The host's own browser: plain HTTP on loopback, a secure context without trusting anything.</summary>
    public Uri HostUrl => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>Plain HTTP on the LAN address, so a guest can fetch the CA before trusting it.</summary>
    public Uri TrustUrl => IsThisMachineOnly ? new Uri(Url, "/trust") : new Uri($"http://{Address}:{HttpPort}/trust");

    /// <summary>The gateway's listeners besides <see cref="HostUrl"/>, with the setting that names each port.</summary>
    public IReadOnlyList<(Uri Url, string Setting)> NetworkListeners =>
    [
        .. UsesTls ? [(new Uri($"https://{Address}:{Url.Port}"), "HIROBA_PUBLIC_URL")] : Array.Empty<(Uri, string)>(),
        .. IsThisMachineOnly ? Array.Empty<(Uri, string)>() : [(new Uri($"http://{Address}:{HttpPort}"), "HIROBA_PORT")],
    ];

    /// <summary>Plain HTTP on 127.0.0.1 alone, as <c>HIROBA_PUBLIC_URL=http://127.0.0.1:&lt;port&gt;</c> chooses it.</summary>
    public static PublicEndpoint ThisMachineOnly(int port) =>
        new(new Uri($"http://127.0.0.1:{port}/"), IPAddress.Loopback, port, "serving this machine only", "");

    public static PublicEndpoint Choose(RunSettings settings, MachineNetwork network)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(network);
        var thisMachineOnly = $"HIROBA_PUBLIC_URL=http://127.0.0.1:{settings.GatewayPort} ./run";
        var room = network.DefaultRoute is { } route && PrivateNetworks.IsPrivate(route.Address) ? route : ((string, IPAddress)?)null;
        if (settings.PublicUrl is null)
        {
            if (room is { } lan)
            {
                return new PublicEndpoint(
                    new Uri($"https://{lan.Item2}:{DefaultHttpsPort}/"), lan.Item2, settings.GatewayPort,
                    $"serving the room on {lan.Item2} ({lan.Item1}, the interface with the default route)",
                    $"for this machine only: {thisMachineOnly}");
            }
            if (settings.TlsCertificatePath is not null)
            {
                throw new RunSettingsException(
                    "HIROBA_TLS_CERT needs HIROBA_PUBLIC_URL=https://<name or address>:<port>: this machine has no private LAN address to pick.");
            }
            return new PublicEndpoint(
                new Uri($"http://127.0.0.1:{settings.GatewayPort}/"), IPAddress.Loopback, settings.GatewayPort,
                "serving this machine only: no private LAN address (no default route on 10.x, 172.16-31.x or 192.168.x)",
                $"to serve a room: HIROBA_PUBLIC_URL=https://<this machine's address>:{DefaultHttpsPort} ./run");
        }

        var url = settings.PublicUrl;
        var address = AddressOf(url, network);
        if (url.Scheme == Uri.UriSchemeHttp)
        {
            if (settings.TlsCertificatePath is not null)
            {
                throw new RunSettingsException("HIROBA_TLS_CERT and HIROBA_TLS_KEY need an https HIROBA_PUBLIC_URL.");
            }
            return new PublicEndpoint(url, address, settings.GatewayPort, "serving this machine only (HIROBA_PUBLIC_URL)",
                room is { } lan ? $"to serve the room: HIROBA_PUBLIC_URL=https://{lan.Item2}:{DefaultHttpsPort} ./run" : "");
        }
        if (settings.TlsCertificatePath is null && OutsideLocalCa(url, address) is { } outside)
        {
            throw new RunSettingsException(
                $"HIROBA_PUBLIC_URL names {outside}, but the local CA vouches only for private addresses (10.x, 172.16-31.x, 192.168.x) and local names ({string.Join(", ", LocalCertificateAuthority.PermittedDnsNames.Select(name => "." + name))}); give a certificate for it in HIROBA_TLS_CERT and HIROBA_TLS_KEY.");
        }
        return new PublicEndpoint(url, address, settings.GatewayPort,
            IPAddress.IsLoopback(address) ? "serving HTTPS on this machine only (HIROBA_PUBLIC_URL)" : $"serving the room on {address} (HIROBA_PUBLIC_URL)",
            $"for this machine only: {thisMachineOnly}");
    }

    private static IPAddress AddressOf(Uri url, MachineNetwork network)
    {
        IPAddress[] candidates;
        if (url.HostNameType is UriHostNameType.IPv4)
        {
            candidates = [IPAddress.Parse(url.Host)];
        }
        else if (url.HostNameType is UriHostNameType.IPv6)
        {
            throw new RunSettingsException($"HIROBA_PUBLIC_URL: use this machine's IPv4 address or a name, not {url.Host}.");
        }
        else if (url.IsLoopback)
        {
            candidates = [IPAddress.Loopback];
        }
        else
        {
            try
            {
                candidates = Dns.GetHostAddresses(url.IdnHost, AddressFamily.InterNetwork);
            }
            catch (SocketException e)
            {
                throw new RunSettingsException($"HIROBA_PUBLIC_URL: {url.IdnHost} does not resolve ({e.Message}).");
            }
        }
        return candidates.FirstOrDefault(network.Has) ?? throw new RunSettingsException(
            $"HIROBA_PUBLIC_URL names {string.Join(", ", candidates.Select(candidate => candidate.ToString()).DefaultIfEmpty(url.Host))}, which is not an address of this machine (its addresses: {string.Join(", ", network.Addresses)}).");
    }

    private static string? OutsideLocalCa(Uri url, IPAddress address)
    {
        if (url.HostNameType is UriHostNameType.Dns)
        {
            return LocalCertificateAuthority.Permits(url.IdnHost) ? null : url.IdnHost;
        }
        return LocalCertificateAuthority.Permits(address) ? null : address.ToString();
    }
}
