using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Hiroba.SnapshotsBench;

/// <summary>A guest as the guest page behaves on the wire: joins once, then PUTs image bytes with its token.</summary>
public sealed class SimulatedGuest(HttpClient http, string roomId, string guestId, string token)
{
    public string GuestId => guestId;

    public static async Task<SimulatedGuest> JoinAsync(HttpClient http, string roomId, string name, CancellationToken cancellationToken)
    {
        var response = await http.PostAsJsonAsync($"/api/snapshots/rooms/{roomId}/guests", new { name }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var joined = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new SimulatedGuest(http, roomId, joined.GetProperty("guestId").GetString()!, joined.GetProperty("token").GetString()!);
    }

    /// <returns>The answer's status: 201 when the service stored it.</returns>
    public async Task<HttpStatusCode> UploadAsync(byte[] image, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/snapshots/rooms/{roomId}/guests/{guestId}") { Content = content };
        request.Headers.Add("X-Guest-Token", token);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode;
    }

    /// <summary>
    /// A file of <paramref name="size"/> bytes framed as a PNG (signature, IHDR, one IDAT of random bytes, IEND), which
    /// is all the service looks at: it checks types and completeness, it never decodes pixels.
    /// </summary>
    public static byte[] PngShapedImage(int size)
    {
        var image = new byte[size];
        Random.Shared.NextBytes(image);
        ReadOnlySpan<byte> start = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
        start.CopyTo(image);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(16), 1280);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(20), 720);
        BinaryPrimitives.WriteUInt32BigEndian(image.AsSpan(33), (uint)(size - 33 - 12 - 12));
        "IDAT"u8.CopyTo(image.AsSpan(37));
        ReadOnlySpan<byte> end = [0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82];
        end.CopyTo(image.AsSpan(size - 12));
        return image;
    }
}
