using Hiroba.ServiceDefaults;
using Hiroba.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hiroba.Feed.Tests;

/// <summary>The real Feed service on Kestrel with the given settings, against the real broker.</summary>
public sealed class FeedFactory(IReadOnlyDictionary<string, string?> settings) : KestrelApplicationFactory<Program>
{
    /// <summary>
    /// The model's settings for Feed in the run folder <paramref name="runDataPath"/> (key ring, data folder, the broker's
    /// internal listener), with a client id of its own (several Feeds may share a broker), a rate limit no test reaches
    /// by accident and a short retry delay.
    /// </summary>
    public static Dictionary<string, string?> Settings(MosquittoFixture broker, string runDataPath)
    {
        var settings = ModelSettings.ForBackend("Feed", broker, runDataPath);
        foreach (var (key, value) in TestLimits)
        {
            settings[key] = value;
        }
        settings["EventBus:Mqtt:ClientId"] = "feed-test-" + Guid.NewGuid().ToString("N")[..12];
        return settings;
    }

    /// <summary>Feed's settings in every test: a rate limit no test reaches by accident and a short outbox retry delay.</summary>
    public static IReadOnlyDictionary<string, string?> TestLimits { get; } = new Dictionary<string, string?>
    {
        ["Feed:RateLimit:PermitLimit"] = "100000",
        ["Feed:Outbox:MaxRetryDelay"] = "00:00:01",
    };

    /// <summary>Feed's own folder in the run folder.</summary>
    public static string DataPath(string runDataPath) => ModelSettings.DataPath(runDataPath, "Feed");

    /// <summary>A <c>Cookie</c> header value signed in as <paramref name="role"/>, made with this service's own key ring.</summary>
    public string CookieHeader(string role)
    {
        var cookieOptions = Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(HirobaAuthentication.Scheme);
        var ticket = new AuthenticationTicket(
            HirobaAuthentication.CreatePrincipal(role, HirobaAuthentication.NewSessionId()),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) },
            HirobaAuthentication.Scheme);
        return $"{HirobaAuthentication.CookieName}={cookieOptions.TicketDataFormat.Protect(ticket)}";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
