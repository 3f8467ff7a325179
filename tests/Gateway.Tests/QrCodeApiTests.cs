using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Hiroba.TestSupport;
using Xunit.Abstractions;

namespace Hiroba.Gateway.Tests;

/// <summary><c>GET /qr/join/{room}.svg</c>: the guest link of a workshop as a QR code, read back by a real decoder.</summary>
public sealed class QrCodeApiTests(ChromiumFixture chromium, ITestOutputHelper output) : IClassFixture<ChromiumFixture>
{
    [Theory]
    [InlineData("k3j4h5g6f7d8", "https://192.168.1.20:8443/collect?room=k3j4h5g6f7d8")]
    [InlineData("Lab.2@east_wing-3", "https://192.168.1.20:8443/collect?room=Lab.2%40east_wing-3")]
    public async Task The_code_holds_the_guest_link_on_the_public_url(string roomId, string guestLink)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        var settings = GatewayFactory.BaseSettings(keyRing.Path);
        settings["Gateway:PublicUrl"] = "https://192.168.1.20:8443";
        await using var gateway = new GatewayFactory(settings);

        Assert.Equal(guestLink, await DecodeAsync(new Uri(gateway.RootUri, $"/qr/join/{Uri.EscapeDataString(roomId)}.svg")));
    }

    [Fact]
    public async Task Without_a_public_url_the_code_names_the_address_it_was_asked_at()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new GatewayFactory(GatewayFactory.BaseSettings(keyRing.Path));

        var decoded = await DecodeAsync(new Uri(gateway.RootUri, "/qr/join/room-1.svg"));

        Assert.Equal($"{gateway.RootUri.ToString().TrimEnd('/')}/collect?room=room-1", decoded);
    }

    [Theory]
    [InlineData("two%20words")]
    [InlineData("%3Cscript%3E")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task A_bad_room_id_gets_problem_details(string escapedRoomId)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new GatewayFactory(GatewayFactory.BaseSettings(keyRing.Path));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        var problem = await ProblemAssertions.AssertProblemAsync(await client.GetAsync($"/qr/join/{escapedRoomId}.svg"), HttpStatusCode.BadRequest);

        Assert.Contains("room id", problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_code_is_kept_by_browsers_and_revalidated_by_its_entity_tag()
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new GatewayFactory(GatewayFactory.BaseSettings(keyRing.Path));
        using var client = new HttpClient { BaseAddress = gateway.RootUri };

        using var first = await client.GetAsync("/qr/join/room-1.svg");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/svg+xml", first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl?.NoCache, "browsers revalidate, so a new public address shows at once");
        var entityTag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/qr/join/room-1.svg") { Headers = { IfNoneMatch = { entityTag } } };
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        using var otherRoom = new HttpRequestMessage(HttpMethod.Get, "/qr/join/room-2.svg") { Headers = { IfNoneMatch = { entityTag } } };
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(otherRoom)).StatusCode);
    }

    [Theory]
    [InlineData("/qr/join/room-1.svg")]
    [InlineData("/api/site")]
    public async Task A_host_header_that_names_no_host_is_a_bad_request_not_a_server_error(string path)
    {
        using var keyRing = new TemporaryDirectory("keyring");
        await using var gateway = new GatewayFactory(GatewayFactory.BaseSettings(keyRing.Path));

        // HttpClient checks the Host header itself, so the request is written by hand. Kestrel accepts this label;
        // System.Uri does not.
        var (statusLine, contentType) = await SendRawAsync(gateway.RootUri, $"GET {path} HTTP/1.1\r\nHost: {new string('a', 600)}\r\nConnection: close\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", statusLine, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", contentType);
    }

    private async Task<string?> DecodeAsync(Uri image)
    {
        await using var context = await chromium.NewContextAsync(output);
        var page = await context.NewPageAsync();
        await page.SetContentAsync($"<img id=\"qr\" src=\"{image}\">");
        await page.WaitForFunctionAsync("() => document.getElementById('qr').complete && document.getElementById('qr').naturalWidth > 0");
        return await QrCodeReader.ReadAsync(page.Locator("#qr"));
    }

    private static async Task<(string StatusLine, string? ContentType)> SendRawAsync(Uri server, string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        string? contentType = null;
        while (await reader.ReadLineAsync() is { Length: > 0 } header)
        {
            if (header.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            {
                contentType = MediaTypeHeaderValue.Parse(header["Content-Type:".Length..].Trim()).MediaType;
            }
        }
        return (statusLine, contentType);
    }
}
