using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hiroba.ServiceDefaults.ServerSentEvents;

/// <summary>
/// Writes a stream's frames as <c>text/event-stream</c> until the client goes or the stream ends, then runs
/// <paramref name="onFinished"/> (to let go of the stream). A stream of a signed-in request ends with a
/// <c>session-ended</c> event when its session signs out (<see cref="SessionConnections"/>).
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
        var clientGone = httpContext.RequestAborted;
        using var session = httpContext.RequestServices.GetService<SessionConnections>()?.Open(httpContext);
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(clientGone, session?.Ended ?? CancellationToken.None);
        var writer = response.BodyWriter;
        try
        {
            while (await stream.Frames.WaitToReadAsync(ending.Token))
            {
                while (stream.Frames.TryRead(out var frame))
                {
                    writer.Write(frame.Span);
                }
                await writer.FlushAsync(ending.Token);
            }
        }
        catch (OperationCanceledException) when (ending.IsCancellationRequested)
        {
            // The client closed the page or lost the connection, or its session signed out: then it is told so.
            if (!clientGone.IsCancellationRequested)
            {
                await SayTheSessionEndedAsync(writer, clientGone);
            }
        }
        finally
        {
            onFinished();
        }
    }

    private static async Task SayTheSessionEndedAsync(PipeWriter writer, CancellationToken clientGone)
    {
        writer.Write(EventStreamFrames.SessionEnded.Span);
        try
        {
            await writer.FlushAsync(clientGone);
        }
        catch (OperationCanceledException) when (clientGone.IsCancellationRequested)
        {
            // The client went meanwhile.
        }
    }
}
