using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;

namespace Hiroba.Snapshots.Images;

/// <summary>
/// Streams a request body into a new temporary file straight from the server's own receive buffers (the body's
/// <see cref="PipeReader"/>), never holding the image in memory, and inspects it on the way (<see cref="ImageInspector"/>):
/// the type from the first bytes before anything is written, completeness from the last bytes. Stops reading as soon as
/// the body exceeds the limit (what is left of a refused body is the caller's: <see cref="UploadBody.DiscardAsync"/>). Writes are plain synchronous writes into the page cache: cheaper than queuing each
/// segment to the thread pool.
/// </summary>
public static class UploadReceiver
{
    public static async Task<UploadResult> ReceiveAsync(HttpRequest request, string tempPath, long maxBytes, CancellationToken cancellationToken)
    {
        // This method enforces the limit itself, so the server's general one must not cut the body short first.
        UploadBody.TakeOverLimit(request);
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(0);
        }

        var body = request.BodyReader;
        var result = await body.ReadAtLeastAsync(ImageInspector.HeadLength, cancellationToken);
        var head = ArrayPool<byte>.Shared.Rent(ImageInspector.HeadLength);
        try
        {
            var headLength = (int)Math.Min(result.Buffer.Length, ImageInspector.HeadLength);
            result.Buffer.Slice(0, headLength).CopyTo(head);
            if (ImageInspector.Recognise(head.AsSpan(0, headLength)) is null)
            {
                body.AdvanceTo(result.Buffer.Start);
                return new UploadResult(null, headLength, ImageInspector.Inspect(head.AsSpan(0, headLength), [], headLength), TooLarge: false);
            }
            var upload = await CopyToFileAsync(body, result, head.AsMemory(0, headLength), tempPath, maxBytes, cancellationToken);
            if (!upload.IsAccepted)
            {
                File.Delete(tempPath);
            }
            return upload;
        }
        catch
        {
            File.Delete(tempPath);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private static async Task<UploadResult> CopyToFileAsync(
        PipeReader body, ReadResult result, ReadOnlyMemory<byte> head, string tempPath, long maxBytes, CancellationToken cancellationToken)
    {
        var tail = new TailBytes();
        var segments = new List<ReadOnlyMemory<byte>>();
        long length = 0;
        using (var file = File.OpenHandle(tempPath, FileMode.CreateNew, FileAccess.Write))
        {
            while (true)
            {
                if (length + result.Buffer.Length > maxBytes)
                {
                    body.AdvanceTo(result.Buffer.End);
                    return TooLarge(length + result.Buffer.Length);
                }
                length = Write(file, result.Buffer, length, segments, ref tail);
                body.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
                result = await body.ReadAsync(cancellationToken);
            }
        }
        var inspection = ImageInspector.Inspect(head.Span, tail.Bytes, length);
        return new UploadResult(inspection.IsImage ? tempPath : null, length, inspection, TooLarge: false);
    }

    /// <summary>
    /// Writes everything received so far with one gathering write (the server's buffers are small blocks);
    /// <paramref name="segments"/> is a list to reuse for it.
    /// </summary>
    private static long Write(
        SafeFileHandle file, ReadOnlySequence<byte> buffer, long offset, List<ReadOnlyMemory<byte>> segments, ref TailBytes tail)
    {
        segments.Clear();
        foreach (var segment in buffer)
        {
            segments.Add(segment);
            tail.Remember(segment.Span);
        }
        RandomAccess.Write(file, segments, offset);
        return offset + buffer.Length;
    }

    private static UploadResult TooLarge(long length) =>
        new(null, length, ImageInspection.Invalid("The image is too large."), TooLarge: true);

    /// <summary>The last <see cref="ImageInspector.TailLength"/> bytes seen, right-aligned.</summary>
    private struct TailBytes()
    {
        private readonly byte[] _bytes = new byte[ImageInspector.TailLength];
        private int _count;

        public readonly ReadOnlySpan<byte> Bytes => _bytes.AsSpan(_bytes.Length - _count);

        public void Remember(ReadOnlySpan<byte> chunk)
        {
            if (chunk.Length >= _bytes.Length)
            {
                chunk[^_bytes.Length..].CopyTo(_bytes);
                _count = _bytes.Length;
                return;
            }
            _bytes.AsSpan(chunk.Length).CopyTo(_bytes);
            chunk.CopyTo(_bytes.AsSpan(_bytes.Length - chunk.Length));
            _count = Math.Min(_bytes.Length, _count + chunk.Length);
        }
    }
}
