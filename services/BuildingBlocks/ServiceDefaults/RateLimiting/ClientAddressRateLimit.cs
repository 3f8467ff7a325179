using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Hiroba.ServiceDefaults;

public static class ClientAddressRateLimit
{
    /// <summary>
    /// A fixed window of <paramref name="permitLimit"/> requests per <paramref name="window"/> for each client
    /// address (the connection's, or the gateway-forwarded one where the service trusts the gateway).
    /// </summary>
    public static RateLimitPartition<string> FixedWindow(HttpContext context, int permitLimit, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 });
}
