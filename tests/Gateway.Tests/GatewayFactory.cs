using Hiroba.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Hiroba.Gateway.Tests;

/// <summary>The real gateway on Kestrel with the given settings (as the app host passes them).</summary>
public sealed class GatewayFactory(IReadOnlyDictionary<string, string?> settings) : KestrelApplicationFactory<Program>
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string ViewerPassword = "viewer-password-for-tests";

    /// <summary>Settings every test gateway needs: the key ring, both passwords and a sign-in limit no test reaches by accident.</summary>
    public static Dictionary<string, string?> BaseSettings(string keyRingPath) => new()
    {
        ["Auth:KeyRingPath"] = keyRingPath,
        ["Auth:AdminPassword"] = AdminPassword,
        ["Auth:ViewerPassword"] = ViewerPassword,
        ["Auth:SignInRateLimit:PermitLimit"] = "1000",
        // Nothing listens there: /mqtt refuses pages (CONNACK 3) unless a test names a broker (MqttGateway).
        ["Gateway:Mqtt:Broker"] = "ws://127.0.0.1:9/",
    };

    public static string DestinationKey(string cluster) => $"ReverseProxy:Clusters:{cluster}:Destinations:d1:Address";

    /// <summary>What the gateway logged (at the levels its configuration lets through).</summary>
    public LogRecorder Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
