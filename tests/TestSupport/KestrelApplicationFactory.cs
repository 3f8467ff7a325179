using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.TestSupport;

/// <summary>Hosts one service in-process on real Kestrel (127.0.0.1, dynamic port) so browsers and sockets can reach it.</summary>
public class KestrelApplicationFactory<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    // Not UseKestrel(0): that rewrites the server's addresses after the host is built, while a top-level Program is
    // already starting the server from its own thread, and fails when the server wins. Kestrel reads this endpoint
    // itself as it starts.
    public KestrelApplicationFactory() => UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

    /// <summary>Starts the server on first use; e.g. <c>http://127.0.0.1:36905/</c>.</summary>
    public Uri RootUri
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
            return new Uri(addresses.Addresses.First());
        }
    }
}
