using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Hiroba.Snapshots.Images;

/// <summary>
/// Streams a request body into a new temporary file through one pooled buffer, never holding the image in memory,
/// and inspects it on the way (<see cref="ImageInspector"/>): the type from the first bytes before anything is written,
/// completeness from the last bytes. Stops reading as soon as the body exceeds the limit.
/// </summary>
public static class UploadReceiver
{
    private const int BufferSize = 64 * 1024;

    public static async Task<UploadResult> ReceiveAsync(HttpRequest request, string tempPath, long maxBytes, CancellationToken cancellationToken)
    {
        // This method enforces the limit itself, so the server's general one must not cut the body short first; and a
        // body refused unread is drained by the server after the answer, so the gateway in front sees a clean 413.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var headLength = await FillAsync(request.Body, buffer.AsMemory(0, ImageInspector.HeadLength), cancellationToken);
            if (ImageInspector.Recognise(buffer.AsSpan(0, headLength)) is null)
            {
                return new UploadResult(null, headLength, ImageInspector.Inspect(buffer.AsSpan(0, headLength), [], headLength), TooLarge: false);
            }
            var head = buffer.AsSpan(0, headLength).ToArray();
            var result = await CopyToFileAsync(request.Body, head, buffer, tempPath, maxBytes, cancellationToken);
            if (!result.IsAccepted)
            {
                File.Delete(tempPath);
            }
            return result;
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<UploadResult> CopyToFileAsync(
        Stream body, byte[] head, byte[] buffer, string tempPath, long maxBytes, CancellationToken cancellationToken)
    {
        var tail = new byte[ImageInspector.TailLength];
        var tailLength = 0;
        long length = head.Length;
        if (length > maxBytes)
        {
            return TooLarge(length);
        }
        Remember(tail, ref tailLength, head);
        await using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
        {
            await file.WriteAsync(head, cancellationToken);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
                if (length > maxBytes)
                {
                    return TooLarge(length);
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                Remember(tail, ref tailLength, buffer.AsSpan(0, read));
            }
        }
        var inspection = ImageInspector.Inspect(head, tail.AsSpan(ImageInspector.TailLength - tailLength), length);
        return new UploadResult(inspection.IsImage ? tempPath : null, length, inspection, TooLarge: false);
    }

    /// <summary>Keeps the last bytes seen, right-aligned in <paramref name="tail"/>.</summary>
    private static void Remember(byte[] tail, ref int tailLength, ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length >= tail.Length)
        {
            chunk[^tail.Length..].CopyTo(tail);
            tailLength = tail.Length;
            return;
        }
        tail.AsSpan(chunk.Length).CopyTo(tail);
        chunk.CopyTo(tail.AsSpan(tail.Length - chunk.Length));
        tailLength = Math.Min(tail.Length, tailLength + chunk.Length);
    }

    private static async Task<int> FillAsync(Stream body, Memory<byte> destination, CancellationToken cancellationToken)
    {
        var filled = 0;
        int read;
        while (filled < destination.Length && (read = await body.ReadAsync(destination[filled..], cancellationToken)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    private static UploadResult TooLarge(long length) =>
        new(null, length, ImageInspection.Invalid("The image is too large."), TooLarge: true);
}
