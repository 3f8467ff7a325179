using System.Net;
using Hiroba.LocalComponents;

namespace Hiroba.TestSupport;

/// <summary>
/// Debian's Janus started as ./run starts it (<see cref="JanusServer"/>): the VideoRoom plugin behind the REST API on
/// loopback, a random API secret, its files in a temp folder. ICE on 127.0.0.1 (the API alone works there) unless made
/// <see cref="OnAddress"/> another.
/// </summary>
public sealed class JanusFixture : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDirectory _directory = new("janus");

    public JanusFixture()
        : this(IPAddress.Loopback)
    {
    }

    private JanusFixture(IPAddress mediaAddress)
    {
        Server = new JanusServer(new JanusOptions(_directory.Path, Secrets.Create(), mediaAddress.ToString(), MediaPortCount: 40));
    }

    /// <summary>
    /// A Janus whose ICE candidates are on <paramref name="mediaAddress"/>, e.g. a test namespace's LAN address: it
    /// gathers none on a loopback interface, so media needs one.
    /// </summary>
    public static JanusFixture OnAddress(IPAddress mediaAddress) => new(mediaAddress);

    public JanusServer Server { get; }

    public Uri ApiUrl => Server.ApiUrl;

    public string ApiSecret => Server.ApiSecret;

    /// <summary>The camera bridge's settings for this Janus (as ./run gives them).</summary>
    public void AddBridgeSettings(IDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings["Cameras:Janus:Url"] = ApiUrl.ToString();
        settings["Cameras:Janus:ApiSecret"] = ApiSecret;
    }

    Task IAsyncLifetime.InitializeAsync() => Server.StartAsync(CancellationToken.None);

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
