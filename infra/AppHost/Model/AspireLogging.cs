using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hiroba.AppHost;

internal static class AspireLogging
{
    /// <summary>
    /// Aspire's own progress stays out of the output, its warnings and errors do not. DCP's warning about a missing
    /// developer certificate and Data Protection's about a key ring without an encryptor (the shared ring is private
    /// files, ARCHITECTURE.md) say nothing to act on here.
    /// </summary>
    public static IDistributedApplicationBuilder WithWarningsOnly(this IDistributedApplicationBuilder builder)
    {
        builder.Services.AddLogging(logging => logging
            .AddFilter("Aspire", LogLevel.Warning)
            .AddFilter("Aspire.Hosting.Dcp.DcpHost", LogLevel.Error)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error));
        return builder;
    }
}
