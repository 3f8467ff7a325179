namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// The upgraded stream of one <c>/mqtt</c> connection as YARP sees it: what the browser sends goes through the inspector
/// before it is handed on to the broker, and at the first violation every read fails, which ends the connection both ways.
/// What the broker sends to the browser passes untouched.
/// </summary>
internal sealed class InspectedClientStream(Stream inner, MqttClientTrafficInspector inspector, Action<string> onViolation) : WrappedUpgradedStream
{
    private string? _violation;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfViolated();
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        ThrowIfViolated();
        var read = inner.Read(buffer, offset, count);
        Inspect(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();

    private void Inspect(ReadOnlySpan<byte> received)
    {
        if (received.Length > 0 && inspector.Inspect(received) is { } violation)
        {
            _violation = violation;
            onViolation(violation);
            ThrowIfViolated();
        }
    }

    private void ThrowIfViolated()
    {
        if (_violation is not null)
        {
            throw new IOException($"The /mqtt client sent {_violation}.");
        }
    }
}
