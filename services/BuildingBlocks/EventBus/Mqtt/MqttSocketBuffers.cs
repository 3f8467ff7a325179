using MQTTnet;

namespace Hiroba.EventBus.Mqtt;

/// <summary>
/// MQTTnet sets both buffers of its TCP socket to 8 KiB, which turns the kernel's buffer autotuning off. On loopback,
/// where a segment may be 64 KiB, a window that small makes the broker wait on its zero-window timer: a client then
/// reads a burst at tens of KB/s, and the acknowledgements of its own publishes wait behind it until they time out.
/// </summary>
public static class MqttSocketBuffers
{
    /// <summary>Room for a burst of the largest events on a fast link, and little memory per connection.</summary>
    public const int Bytes = 1024 * 1024;

    public static MqttClientOptions WithRoomySocketBuffers(this MqttClientOptions options)
    {
        if (options.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = Bytes;
        }
        return options;
    }
}
