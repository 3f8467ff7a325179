using System.Security.Cryptography;
using System.Text;
using Hiroba.Contracts.Rooms;
using Hiroba.Gateway.QrCodes;
using Hiroba.Gateway.Site;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Hiroba.Gateway.Apis;

/// <summary>
/// QR codes of links this gateway builds itself, never of text from the request: only the room id comes from the
/// path, and it is checked as Rooms checks it.
/// </summary>
public static class QrCodeApi
{
    private const string SvgContentType = "image/svg+xml";

    public static RouteGroupBuilder MapQrCodeApi(this IEndpointRouteBuilder app)
    {
        var qr = app.MapGroup("/qr");
        qr.MapGet("/join/{room}.svg", GetWorkshopGuestLink).AllowAnonymous();
        return qr;
    }

    /// <summary>
    /// The guest link of workshop <paramref name="room"/> (<c>{public origin}/collect?room={room}</c>) as an SVG QR code.
    /// Anyone may ask: the code says nothing the room link does not. Browsers keep it and revalidate it by its ETag,
    /// so a restart with another public address shows the new code at once.
    /// </summary>
    public static Results<FileContentHttpResult, ProblemHttpResult> GetWorkshopGuestLink(
        string room, HttpContext context, IOptions<SiteOptions> options)
    {
        if (!RoomIds.IsValid(room))
        {
            return TypedResults.Problem($"A room id has {RoomIds.Description}.", statusCode: StatusCodes.Status400BadRequest);
        }

        var link = GuestLinks.Workshop(options.Value.PublicOrigin(context.Request), room);
        if (link.Length > QrCodeSvg.MaxTextLength)
        {
            return TypedResults.Problem(
                $"The guest link would be longer than {QrCodeSvg.MaxTextLength} characters; check Gateway:PublicUrl or the Host header.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        var svg = Encoding.UTF8.GetBytes(QrCodeSvg.Render(link));
        context.Response.Headers.CacheControl = "no-cache";
        var entityTag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(svg))[..32]}\"");
        return TypedResults.Bytes(svg, SvgContentType, entityTag: entityTag);
    }
}
