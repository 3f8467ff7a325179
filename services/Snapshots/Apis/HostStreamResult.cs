using Hiroba.Snapshots.Wall;
using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Hiroba.Snapshots.Apis;

/// <summary>Writes a host stream's frames as <c>text/event-stream</c> until the client goes or the stream ends.</summary>
public sealed class HostStreamResult(WallService wall, WorkshopRoom room, HostStream stream) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
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
            // The host closed the page or lost the connection.
        }
        finally
        {
            wall.CloseStream(room, stream);
        }
    }
}
