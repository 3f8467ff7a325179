using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Hiroba.ServiceDefaults;

public static class LoggingExtensions
{
    /// <summary>
    /// Console logging with UTC timestamps: one readable line per entry by default; JSON with scopes
    /// (request and trace ids) when <c>Logging:Console:FormatterName</c> is <c>json</c>.
    /// </summary>
    public static WebApplicationBuilder AddStructuredConsoleLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "O";
        });
        builder.Services.Configure<ConsoleLoggerOptions>(options =>
            options.FormatterName ??= ConsoleFormatterNames.Simple);
        return builder;
    }
}
