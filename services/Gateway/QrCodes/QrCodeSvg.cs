using QRCoder;

namespace Hiroba.Gateway.QrCodes;

/// <summary>Draws a link as a QR code in SVG (QRCoder), black on white with the standard quiet zone.</summary>
public static class QrCodeSvg
{
    /// <summary>
    /// Longest text drawn. A guest link is about 60 characters (version 4, 33 modules: big modules that a phone reads
    /// across a room); 512 still draws (version 17) but no page link needs more.
    /// </summary>
    public const int MaxTextLength = 512;

    /// <summary>Pixels per module in the SVG's own size; pages scale it (the drawing has a viewBox).</summary>
    private const int PixelsPerModule = 8;

    public static string Render(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(text.Length, MaxTextLength);
        // Level M restores about 15% of the modules: enough for glare on a projector screen, at a smaller version than Q.
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(
            PixelsPerModule, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.WidthHeightAttribute);
    }
}
