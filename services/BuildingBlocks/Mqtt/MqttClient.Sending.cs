using Hiroba.Mqtt.Connection;
using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt;

/// <summary>Putting packets on the current connection, waiting for it or for acknowledgements as needed.</summary>
public sealed partial class MqttClient
{
    /// <summary>Sends a packet that needs an acknowledgement (QoS 1 PUBLISH, SUBSCRIBE, UNSUBSCRIBE) and waits for it.</summary>
    private async Task SendAcknowledgedAsync(OutgoingPacket packet, CancellationToken cancellationToken)
    {
        var operation = _inFlight.Add(packet);
        try
        {
            // If there is no connection now, the reconnection re-sends every pending operation.
            if (_connection is { } connection && operation.TryClaimSend(connection.Number, out var claimed))
            {
                try
                {
                    await connection.SendAsync(claimed, cancellationToken);
                }
                catch (MqttConnectionLostException)
                {
                    // Re-sent after reconnecting.
                }
            }

            await operation.Acknowledged.WaitAsync(_options.AckTimeout, _timeProvider, cancellationToken);
        }
        catch (TimeoutException exception) when (exception is not MqttAckTimeoutException)
        {
            throw new MqttAckTimeoutException(
                $"No acknowledgement of {packet.Type} '{packet.Topic}' (packet id {operation.PacketId}) within {_options.AckTimeout.TotalSeconds:0.###} s" +
                (IsConnected ? "." : " (not connected to the broker)."),
                exception);
        }
        finally
        {
            _inFlight.Remove(operation);
        }
    }

    /// <summary>Waits for room in a full outgoing queue; if that connection ends meanwhile, sends on the next one.</summary>
    private async Task AwaitQueuedAsync(ValueTask queued, OutgoingPacket packet, CancellationToken cancellationToken)
    {
        try
        {
            await queued;
        }
        catch (MqttConnectionLostException)
        {
            await SendWhenConnectedAsync(packet, cancellationToken);
        }
    }

    private async Task SendWhenConnectedAsync(OutgoingPacket packet, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.AckTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                var connection = await WaitForConnectionAsync(linked.Token);
                try
                {
                    await connection.SendAsync(packet, linked.Token);
                    return;
                }
                catch (MqttConnectionLostException)
                {
                    // Wait for the next connection.
                }
            }
        }
        catch (OperationCanceledException exception) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new MqttAckTimeoutException(
                $"Could not send {packet.Type} '{packet.Topic}': no connection to the broker within {_options.AckTimeout.TotalSeconds:0.###} s.", exception);
        }
    }

    private async Task<MqttConnection> WaitForConnectionAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task connected;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
                if (_connection is { } connection)
                {
                    return connection;
                }

                connected = _connected.Task;
            }

            await connected.WaitAsync(cancellationToken);
        }
    }

    private void EnsureFits(in OutgoingPacket packet, string parameterName)
    {
        var size = MqttPacketEncoder.SizeOf(packet);
        if (size > _options.MaxPacketSize)
        {
            throw new ArgumentException(
                $"The {packet.Type} packet for '{packet.Topic}' would be {size} bytes, above the maximum packet size of {_options.MaxPacketSize} bytes.",
                parameterName);
        }
    }
}
