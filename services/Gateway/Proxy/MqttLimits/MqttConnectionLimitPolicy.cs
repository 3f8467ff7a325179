using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// The rate-limit policy of the <c>/mqtt</c> route (its <c>RateLimiterPolicy</c>): one connection holds one permit until
/// it closes, and a page that finds them all taken gets 503 before the gateway opens anything to the broker. mosquitto
/// cannot do it itself: its <c>max_connections</c> counts no websockets client (2.0.11 to 2.0.22 at least).
/// </summary>
internal sealed class MqttConnectionLimitPolicy(IOptions<MqttConnectionLimitOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "mqtt-connections";

    /// <summary>A place frees when a page leaves, which no lease can foretell; pages' mqtt.js tries again every second anyway.</summary>
    private const string RetryAfterSeconds = "10";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = (rejected, _) =>
    {
        var context = rejected.HttpContext;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = $"Every live-update connection is taken. Try again in {RetryAfterSeconds} s.",
            },
        });
    };

    // One partition: the limit is what the broker holds for all pages together.
    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetConcurrencyLimiter(Name, _ => new ConcurrencyLimiterOptions
        {
            PermitLimit = options.Value.MaxConnections,
            QueueLimit = 0,
        });
}
