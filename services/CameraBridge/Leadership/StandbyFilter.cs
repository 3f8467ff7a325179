namespace Hiroba.CameraBridge.Leadership;

/// <summary>A replica on standby answers the cameras' endpoints with <c>503</c>: it has no cameras, another replica serves them.</summary>
public sealed class StandbyFilter(BridgeLeadership leadership) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        leadership.IsLeading
            ? await next(context)
            : TypedResults.Problem(
                "This replica of the camera bridge is on standby; another one serves the cameras.", statusCode: StatusCodes.Status503ServiceUnavailable);
}
