using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Puts the exception handler and status code pages in front of the whole pipeline, so no
/// service can forget them or add middleware before them.
/// </summary>
internal sealed class ErrorResponsesStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // The handlers (BadRequestExceptionHandler) answer the client's mistakes; anything else is a 500.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        next(app);
    };
}
