using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiroba.AppHost;

internal static class AspireLogging
{
    /// <summary>
    /// Aspire's own progress stays out of the output, its warnings and errors do not. DCP's warning about a missing
    /// developer certificate and Data Protection's about a key ring without an encryptor (the shared ring is private
    /// files, ARCHITECTURE.md) say nothing to act on here. Nor do the health checks' failures, logged as errors with a
    /// stack trace on every poll while a resource starts: whoever waits for the resources says which one never became
    /// healthy (RunWatch, StartedModel).
    /// </summary>
    public static IDistributedApplicationBuilder WithWarningsOnly(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddLogging(logging => logging
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp.DcpHost", LogLevel.Error)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        return builder;
    }
}
