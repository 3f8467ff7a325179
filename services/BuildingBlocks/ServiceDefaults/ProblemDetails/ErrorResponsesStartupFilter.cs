using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Hiroba.ServiceDefaults;

/// <summary>
/// Puts the exception handler and status code pages in front of the whole pipeline, so no
/// service can forget them or add middleware before them.
/// </summary>
internal sealed class ErrorResponsesStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Kestrel reports a body over the size limit or a malformed request this way.
            StatusCodeSelector = exception => exception is BadHttpRequestException badRequest
                ? badRequest.StatusCode
                : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        next(app);
    };
}
