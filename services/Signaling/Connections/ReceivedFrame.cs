using System.Buffers;

namespace Hiroba.Signaling.Connections;

public enum ReceiveOutcome
{
    Message,
    Closed,
    TooLarge,
}

/// <summary>One whole received message in a pooled buffer; dispose it when done with <see cref="Payload"/>.</summary>
public readonly struct ReceivedFrame(ReceiveOutcome outcome, byte[]? buffer, int length) : IDisposable
{
    public ReceiveOutcome Outcome => outcome;

    public ReadOnlySpan<byte> Payload => buffer.AsSpan(0, length);

    public ReadOnlyMemory<byte> PayloadMemory => buffer.AsMemory(0, length);

    public void Dispose()
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
