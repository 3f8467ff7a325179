using QRCoder;

namespace Hiroba.AppHost;

/// <summary>A URL as a QR code made of half-block characters, black on white whatever the terminal's colours.</summary>
internal static class TerminalQrCode
{
    private const string BlackOnWhite = "\u001b[30;107m";
    private const string Reset = "\u001b[0m";

    public static IReadOnlyList<string> Lines(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url.ToString(), QRCodeGenerator.ECCLevel.L);
        using var code = new AsciiQRCode(data);
        // Inverted, QRCoder draws the dark modules as glyphs (black here) and leaves the light ones blank (white).
        return [.. code.GetGraphicSmall(drawQuietZones: true, invert: true, endOfLine: "\n")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => $"  {BlackOnWhite}{line}{Reset}")];
    }
}
