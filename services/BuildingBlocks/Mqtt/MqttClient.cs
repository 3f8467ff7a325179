using System.Collections.Concurrent;
using Hiroba.Mqtt.Connection;
using Hiroba.Mqtt.Protocol;
using Hiroba.Mqtt.Session;
using Microsoft.Extensions.Logging;

namespace Hiroba.Mqtt;

/// <summary>
/// A compact MQTT 3.1.1 client over TCP: QoS 0 and 1, keepalive, automatic reconnection with
/// resubscription and re-sending of unacknowledged QoS 1 messages. All members are thread-safe.
/// </summary>
/// <remarks>
/// Received messages go to the handler given to the constructor <b>in arrival order, one at a time,
/// on a dispatch loop separate from the socket read loop</b>. The read loop never waits for the handler, so
/// acknowledgements of the client's own publishes are read however far behind the handler is, and a handler may
/// itself publish with QoS 1. The PUBACK of a QoS 1 message is sent after the handler returns or throws (a throwing
/// handler is logged), so the broker's in-flight window bounds the QoS 1 messages waiting; QoS 0 messages beyond
/// <see cref="MqttClientOptions.IncomingQueueCapacity"/> are dropped, and <see cref="MqttClientOptions.IncomingQueueBytes"/>
/// bounds the memory of both.
/// </remarks>
public sealed partial class MqttClient : IAsyncDisposable
{
    private readonly MqttClientOptions _options;
    private readonly ILogger<MqttClient> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly IncomingMessageDispatcher _dispatcher;
    private readonly InFlightOperations _inFlight = new();
    private readonly ConcurrentDictionary<string, MqttQos> _subscriptions = new(StringComparer.Ordinal);
    private readonly Action<MqttConnection, IncomingPacket> _onPacket;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _handlerLifetime = new();
    private readonly Lock _gate = new();
    private volatile MqttConnection? _connection;
    private TaskCompletionSource _connected = NewSignal();
    private int _connectionCount;
    private int _connectCalled;
    private Task? _disconnect;
    private Task _supervisor = Task.CompletedTask;
    private Task _dispatchLoop = Task.CompletedTask;

    /// <param name="options">Validated here; an invalid setting throws <see cref="ArgumentException"/>.</param>
    /// <param name="onMessage">Receives every message of every subscription (see the class remarks for ordering and acknowledgement).</param>
    /// <param name="logger">Receives connection state changes, protocol violations and handler failures.</param>
    /// <param name="timeProvider">The clock for timeouts, keepalive and backoff.</param>
    public MqttClient(MqttClientOptions options, MqttMessageHandler onMessage, ILogger<MqttClient> logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onMessage);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider;
        _dispatcher = new IncomingMessageDispatcher(onMessage, options, logger);
        _onPacket = OnPacket;
    }

    /// <summary>True while a connection is established and its subscriptions are restored.</summary>
    public bool IsConnected => _connection is not null;

    /// <summary>
    /// Makes the first connection. A non-zero CONNACK throws <see cref="MqttConnectionRefusedException"/>
    /// naming the code (e.g. <c>NotAuthorized (5)</c>); an unreachable broker or a timeout
    /// (<see cref="MqttClientOptions.ConnectTimeout"/>) throws <see cref="MqttException"/>, and a
    /// failed first attempt may be retried by calling this again. Once connected, the client
    /// reconnects by itself whenever the connection drops, with capped exponential backoff and
    /// jitter, restores its subscriptions and re-sends unacknowledged QoS 1 messages with DUP set.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (Interlocked.CompareExchange(ref _connectCalled, 1, 0) != 0)
        {
            throw new InvalidOperationException("ConnectAsync was already called; the client reconnects by itself.");
        }

        MqttConnection connection;
        try
        {
            connection = await EstablishAsync(cancellationToken);
        }
        catch
        {
            Volatile.Write(ref _connectCalled, 0);
            throw;
        }

        _dispatchLoop = RunDispatcherAsync();
        _supervisor = SuperviseAsync(connection);
    }

    /// <summary>
    /// Publishes a message. Safe to call from many threads at once: a single writer coalesces the
    /// queued packets into few socket writes.
    /// <list type="bullet">
    /// <item>QoS 0 completes once the packet is queued for the socket; it is lost if the connection drops before it is written.</item>
    /// <item>QoS 1 completes when the broker's PUBACK arrives. If the connection drops first, the message is re-sent with DUP=1 after reconnecting (so it may arrive twice).</item>
    /// <item>While disconnected, both wait for the reconnection. No PUBACK (QoS 1) or no connection (QoS 0) within
    /// <see cref="MqttClientOptions.AckTimeout"/> throws <see cref="MqttAckTimeoutException"/>.</item>
    /// </list>
    /// The payload must not change until the returned task completes.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid topic name, or the packet exceeds <see cref="MqttClientOptions.MaxPacketSize"/>.</exception>
    public Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, MqttQos qos, bool retain = false, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        MqttTopic.ValidateName(topic);
        ValidateQos(qos);
        var packet = OutgoingPacket.Publish(topic, payload, qos, retain);
        EnsureFits(packet, nameof(payload));
        if (qos == MqttQos.AtLeastOnce)
        {
            return SendAcknowledgedAsync(packet, cancellationToken);
        }

        if (_connection is { } connection)
        {
            var queued = connection.SendAsync(packet, cancellationToken);
            return queued.IsCompletedSuccessfully ? Task.CompletedTask : AwaitQueuedAsync(queued, packet, cancellationToken);
        }

        return SendWhenConnectedAsync(packet, cancellationToken);
    }

    /// <summary>
    /// Subscribes and waits for the SUBACK (within <see cref="MqttClientOptions.AckTimeout"/>). The
    /// subscription is remembered and restored after every reconnection.
    /// </summary>
    /// <exception cref="MqttSubscribeRejectedException">The broker answered 0x80 (for example an ACL denial).</exception>
    /// <exception cref="ArgumentException">The filter is invalid (mosquitto would close the connection for it).</exception>
    public async Task SubscribeAsync(string topicFilter, MqttQos qos, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        MqttTopic.ValidateFilter(topicFilter);
        ValidateQos(qos);
        var packet = OutgoingPacket.Subscribe(0, topicFilter, qos);
        EnsureFits(packet, nameof(topicFilter));
        _subscriptions[topicFilter] = qos;
        try
        {
            await SendAcknowledgedAsync(packet, cancellationToken);
        }
        catch
        {
            _subscriptions.TryRemove(KeyValuePair.Create(topicFilter, qos));
            throw;
        }
    }

    /// <summary>Unsubscribes, forgets the subscription and waits for the UNSUBACK (within <see cref="MqttClientOptions.AckTimeout"/>).</summary>
    public Task UnsubscribeAsync(string topicFilter, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        MqttTopic.ValidateFilter(topicFilter);
        var packet = OutgoingPacket.Unsubscribe(0, topicFilter);
        EnsureFits(packet, nameof(topicFilter));
        _subscriptions.TryRemove(topicFilter, out _);
        return SendAcknowledgedAsync(packet, cancellationToken);
    }

    /// <summary>
    /// Closes gracefully and for good: stops reconnecting, lets the handler finish the messages
    /// already queued (their PUBACKs are still sent), sends DISCONNECT after everything queued, then
    /// closes the socket. Operations still waiting for an acknowledgement fail with
    /// <see cref="MqttConnectionLostException"/>. If <paramref name="cancellationToken"/> fires, the
    /// handler is cancelled and the socket closed at once. Calling it again returns the same task.
    /// </summary>
    public Task DisconnectAsync(CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _disconnect, completion.Task, null) is { } running)
        {
            return running;
        }

        _ = DisconnectCoreAsync(completion, cancellationToken);
        return completion.Task;
    }

    /// <summary>Disconnects (see <see cref="DisconnectAsync"/>) within <see cref="MqttClientOptions.ConnectTimeout"/>, stops all loops and fails pending operations.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider))
        {
            try
            {
                await DisconnectAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Disposal goes on: the connection was closed without waiting for the handler.
            }
        }

        _stopping.Dispose();
        _handlerLifetime.Dispose();
    }

    private async Task DisconnectCoreAsync(TaskCompletionSource completion, CancellationToken cancellationToken)
    {
        try
        {
            await _stopping.CancelAsync();
            _dispatcher.Complete();
            await _dispatchLoop.WaitAsync(cancellationToken);
            var connection = DetachConnection();
            if (connection is not null)
            {
                await connection.CloseGracefullyAsync(cancellationToken);
            }

            completion.TrySetResult();
        }
        catch (Exception exception)
        {
            completion.TrySetException(exception);
        }
        finally
        {
            await _handlerLifetime.CancelAsync();
            DetachConnection()?.Abort();
            await _supervisor;
            await _dispatchLoop;
            _inFlight.FailAll(new MqttConnectionLostException("The MQTT client was closed before the operation was acknowledged."));
            Log.Disconnected(_logger, _options.ClientId);
        }
    }

    private MqttConnection? DetachConnection()
    {
        lock (_gate)
        {
            var connection = _connection;
            _connection = null;
            _connected.TrySetResult();
            return connection;
        }
    }

    private async Task RunDispatcherAsync()
    {
        try
        {
            await _dispatcher.RunAsync(_handlerLifetime.Token);
        }
        catch (OperationCanceledException) when (_handlerLifetime.IsCancellationRequested)
        {
            // Closing without waiting for the handler.
        }
    }

    private static void ValidateQos(MqttQos qos)
    {
        if (qos is not (MqttQos.AtMostOnce or MqttQos.AtLeastOnce))
        {
            throw new ArgumentOutOfRangeException(nameof(qos), qos, "Only QoS 0 and 1 are supported.");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
