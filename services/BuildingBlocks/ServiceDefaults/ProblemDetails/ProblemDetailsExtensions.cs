using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.ServiceDefaults;

public static class ProblemDetailsExtensions
{
    /// <summary>
    /// Every error response (unhandled exception, bad request body, unmatched route, wrong method,
    /// body too large) becomes <c>application/problem+json</c>, whatever the client accepts.
    /// </summary>
    public static IServiceCollection AddProblemDetailsForEveryError(this IServiceCollection services)
    {
        // Registered before AddProblemDetails so it is asked first; the default writer declines
        // clients that do not accept JSON and would fall back to plain text.
        services.AddSingleton<IProblemDetailsWriter, AlwaysJsonProblemDetailsWriter>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions.TryAdd(
                "traceId", Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddTransient<IStartupFilter, ErrorResponsesStartupFilter>();
        return services;
    }
}
