namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>
/// A stream around a connection's upgraded stream (what <see cref="UpgradedStreamWrapping.WrapUpgradedStream"/> hands
/// out): read and written both ways, never sought.
/// </summary>
internal abstract class WrappedUpgradedStream : Stream
{
    public sealed override bool CanRead => true;

    public sealed override bool CanWrite => true;

    public sealed override bool CanSeek => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();
}
