using Hiroba.Mqtt.Connection;
using Hiroba.Mqtt.Protocol;
using Hiroba.Mqtt.Session;

namespace Hiroba.Mqtt;

/// <summary>Connecting, restoring the session on every new connection, and reconnecting when one is lost.</summary>
public sealed partial class MqttClient
{
    /// <summary>Opens a connection, restores the subscriptions, makes it the current one and re-sends what awaits acknowledgement.</summary>
    private async Task<MqttConnection> EstablishAsync(CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _connectionCount);
        var connection = await MqttConnection.OpenAsync(number, _options, _timeProvider, cancellationToken);
        connection.Start(_onPacket);
        try
        {
            await RestoreSubscriptionsAsync(connection, cancellationToken);
            lock (_gate)
            {
                if (_stopping.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The client is closing.");
                }

                _connection = connection;
                _connected.TrySetResult();
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        Log.Connected(_logger, number, _options.Host, _options.Port, _options.ClientId, connection.SessionPresent);
        await ResendPendingAsync(connection);
        return connection;
    }

    private async Task RestoreSubscriptionsAsync(MqttConnection connection, CancellationToken cancellationToken)
    {
        var operations = _subscriptions.Select(s => _inFlight.Add(OutgoingPacket.Subscribe(0, s.Key, s.Value))).ToArray();
        if (operations.Length == 0)
        {
            return;
        }

        try
        {
            foreach (var operation in operations)
            {
                if (operation.TryClaimSend(connection.Number, out var packet))
                {
                    await connection.SendAsync(packet, cancellationToken);
                }
            }

            var acknowledged = Task.WhenAll(operations.Select(o => o.Acknowledged));
            var first = await Task.WhenAny(acknowledged, connection.Closed).WaitAsync(_options.AckTimeout, _timeProvider, cancellationToken);
            if (first != acknowledged)
            {
                throw new MqttConnectionLostException("The connection ended while restoring subscriptions.");
            }

            foreach (var operation in operations.Where(o => o.Acknowledged.Exception?.InnerException is MqttSubscribeRejectedException))
            {
                _subscriptions.TryRemove(operation.Packet.Topic!, out _);
                Log.ResubscribeRejected(_logger, operation.Packet.Topic!);
            }
        }
        finally
        {
            foreach (var operation in operations)
            {
                _inFlight.Remove(operation);
            }
        }
    }

    private async Task ResendPendingAsync(MqttConnection connection)
    {
        try
        {
            foreach (var operation in _inFlight.Snapshot())
            {
                if (operation.TryClaimSend(connection.Number, out var packet))
                {
                    await connection.SendAsync(packet, CancellationToken.None);
                }
            }
        }
        catch (MqttConnectionLostException)
        {
            // The next connection re-sends them.
        }
    }

    private void OnPacket(MqttConnection connection, IncomingPacket packet)
    {
        switch (packet.Type)
        {
            case MqttPacketType.Publish:
                if (!_dispatcher.TryEnqueue(new ReceivedPublish(packet.Message!, packet.PacketId, connection)))
                {
                    throw new MqttException(
                        $"More than {_options.IncomingQueueBytes} bytes of QoS 1 messages wait for the handler; the connection ends " +
                        "so that the broker re-sends the rest, unacknowledged, on the next one.");
                }

                break;
            case MqttPacketType.PubAck or MqttPacketType.SubAck or MqttPacketType.UnsubAck:
                if (!_inFlight.TryAcknowledge(packet))
                {
                    Log.UnknownAcknowledgement(_logger, packet.Type.ToString(), packet.PacketId);
                }

                break;
            case MqttPacketType.PingResp:
                break;
            default:
                throw new MqttProtocolException($"Unexpected {packet.Type} after the connection was established.");
        }
    }

    /// <summary>Watches the current connection; when it ends without DisconnectAsync, reconnects until it succeeds or the client closes.</summary>
    private async Task SuperviseAsync(MqttConnection connection)
    {
        var stopping = _stopping.Token;
        while (true)
        {
            var reason = await connection.Closed;
            lock (_gate)
            {
                if (_connection == connection)
                {
                    _connection = null;
                    _connected = NewSignal();
                }
            }

            await connection.DisposeAsync();
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            if (reason is MqttProtocolException protocolViolation)
            {
                Log.ProtocolViolation(_logger, connection.Number, protocolViolation);
            }
            else
            {
                Log.ConnectionLost(_logger, connection.Number, reason ?? new MqttConnectionLostException("The connection ended."));
            }

            var next = await ReconnectAsync(stopping);
            if (next is null)
            {
                return;
            }

            connection = next;
        }
    }

    private async Task<MqttConnection?> ReconnectAsync(CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await Task.Delay(ReconnectBackoff.Delay(attempt, _options.ReconnectMinDelay, _options.ReconnectMaxDelay), _timeProvider, stopping);
                return await EstablishAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception exception)
            {
                // Whatever one attempt fails with, the client keeps trying until it is closed.
                Log.ReconnectFailed(_logger, attempt + 1, exception);
            }
        }
    }
}
