namespace Hiroba.Signaling.Connections;

/// <summary>A connection that sends pings and notices silence, driven by <see cref="KeepAliveSweeper"/>.</summary>
public interface IKeepAlive
{
    /// <summary>Called about once a second with the current timestamp (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    void Tick(long now);
}
