using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Hiroba.Snapshots.Images;

/// <summary>
/// The request body of an upload, as the upload endpoint owns it. The gateway (YARP) sends a request's whole body
/// before it passes the answer on, so a body the service refuses without reading must still be read to its end:
/// otherwise the server drains it after the answer under its general 1 MiB limit and a 5 s timeout, closes the
/// connection when either is exceeded, the gateway's copy of the body breaks ("Broken pipe") and the guest gets a
/// 502 instead of the refusal.
/// </summary>
public static class UploadBody
{
    /// <summary>
    /// Bodies up to this many times the image limit are read to the end when refused; a larger one (which the gateway
    /// refuses first: its upload route allows twice the default image limit) ends the connection after the answer.
    /// </summary>
    public const int DiscardFactor = 2;

    /// <summary>Lifts the server's general body limit for this request: the endpoint enforces its own.</summary>
    public static void TakeOverLimit(HttpRequest request)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
    }

    /// <summary>Reads and drops what is left of a refused upload's body, up to <see cref="DiscardFactor"/> times <paramref name="maxImageBytes"/>.</summary>
    public static async Task DiscardAsync(HttpRequest request, long maxImageBytes, CancellationToken cancellationToken)
    {
        var limit = maxImageBytes * DiscardFactor;
        if (request.ContentLength > limit)
        {
            CloseAfterAnswer(request);
            return;
        }
        var body = request.BodyReader;
        long discarded = 0;
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            discarded += result.Buffer.Length;
            body.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
            if (discarded > limit)
            {
                CloseAfterAnswer(request);
                return;
            }
        }
    }

    private static void CloseAfterAnswer(HttpRequest request) => request.HttpContext.Response.Headers[HeaderNames.Connection] = "close";
}
