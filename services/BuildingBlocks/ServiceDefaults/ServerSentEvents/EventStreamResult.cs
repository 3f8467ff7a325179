using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>
/// Writes a stream's frames as <c>text/event-stream</c> until the client goes or the stream ends, then runs
/// <paramref name="onFinished"/> (to let go of the stream).
/// </summary>
public sealed class EventStreamResult(EventStream stream, Action onFinished) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var cancellationToken = httpContext.RequestAborted;
        var writer = response.BodyWriter;
        try
        {
            while (await stream.Frames.WaitToReadAsync(cancellationToken))
            {
                while (stream.Frames.TryRead(out var frame))
                {
                    writer.Write(frame.Span);
                }
                await writer.FlushAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client closed the page or lost the connection.
        }
        finally
        {
            onFinished();
        }
    }
}
