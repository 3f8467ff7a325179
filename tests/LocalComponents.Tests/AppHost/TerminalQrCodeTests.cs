using Hiroba.AppHost;
using QRCoder;

namespace Hiroba.LocalComponents.Tests.AppHost;

public sealed class TerminalQrCodeTests
{
    private static readonly Uri GuestUrl = new("https://192.168.1.20:8443/");

    [Fact]
    public void Each_character_shows_two_modules_of_the_code_dark_as_black_glyphs_on_white_inside_a_blank_quiet_zone()
    {
        var lines = TerminalQrCode.Lines(GuestUrl);

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(GuestUrl.ToString(), QRCodeGenerator.ECCLevel.L);
        var modules = data.ModuleMatrix;
        Assert.Equal((modules.Count + 1) / 2, lines.Count);
        for (var row = 0; row < lines.Count; row++)
        {
            Assert.StartsWith("  \u001b[30;107m", lines[row], StringComparison.Ordinal);
            var glyphs = lines[row]["  \u001b[30;107m".Length..^"\u001b[0m".Length];
            Assert.Equal(modules.Count, glyphs.Length);
            for (var column = 0; column < glyphs.Length; column++)
            {
                var top = modules[2 * row][column];
                var bottom = 2 * row + 1 < modules.Count && modules[2 * row + 1][column];
                var expected = (top, bottom) switch { (true, true) => '█', (true, false) => '▀', (false, true) => '▄', _ => ' ' };
                Assert.True(expected == glyphs[column], $"row {row}, column {column}: '{glyphs[column]}' for dark {top}/{bottom}");
            }
        }
        Assert.Equal(' ', lines[0]["  \u001b[30;107m".Length]);
    }
}
