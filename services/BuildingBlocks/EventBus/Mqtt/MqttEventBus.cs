using System.Buffers;
using System.Text;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Processing;
using Hiroba.EventBus.Subscriptions;
using Hiroba.EventBus.Telemetry;
using Hiroba.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Polly;
using Polly.Retry;

namespace Hiroba.EventBus.Mqtt;

/// <summary>
/// Publishes and receives CloudEvents straight on the MQTT broker with MQTTnet: MQTT 3.1.1, QoS 1, one topic per event
/// type, a persistent session. Each event is acknowledged after its handlers, so the broker keeps what a crash
/// interrupted. Failed and unreadable events are re-published to the topic's dead-letter topic.
/// </summary>
internal sealed partial class MqttEventBus : IEventBusTransport, IHostedService, IAsyncDisposable
{
    // With jitter, so that services cut off together (a broker restart) do not all come back in the same instant.
    private const string MessagingSystem = "mqtt";

    private static readonly ExponentialBackoff ReconnectBackoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), Jitter: true);

    private readonly EventBusOptions _options;
    private readonly EventSubscriptions _subscriptions;
    private readonly IntegrationEventProcessor _processor;
    private readonly ResiliencePipeline _reconnect;
    private readonly ILogger<MqttEventBus> _logger;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly PendingEvents _pending;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _handling = new();
    // Held while connecting and while acknowledging, so that no PUBACK of an earlier connection reaches a later one.
    private readonly SemaphoreSlim _connectionGate = new(1, 1);
    private TaskCompletionSource _connectionLost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _connecting = Task.CompletedTask;
    private Task _dispatching = Task.CompletedTask;
    private readonly Lock _stopLock = new();
    private Task? _stopped;
    private int _connection;
    private int _overflowedConnection = -1;
    private volatile bool _subscribed;

    public MqttEventBus(
        IOptions<EventBusOptions> options,
        EventSubscriptions subscriptions,
        IntegrationEventProcessor processor,
        TimeProvider timeProvider,
        ILogger<MqttEventBus> logger)
    {
        _options = options.Value;
        _subscriptions = subscriptions;
        _processor = processor;
        _reconnect = ReconnectBackoff.RetryUntilStopped(timeProvider, LogRetryAsync);
        _logger = logger;
        var mqtt = _options.Mqtt;
        _pending = new PendingEvents(mqtt.MaxPendingBytes);
        _clientOptions = new MqttClientOptionsBuilder()
            .WithTcpServer(mqtt.Host, mqtt.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(ServiceClientId.Create(_options.SessionName, mqtt.Password!))
            .WithCredentials(mqtt.Username, mqtt.Password)
            .WithCleanSession(false)
            .WithKeepAlivePeriod(mqtt.KeepAlive)
            .WithTimeout(mqtt.AckTimeout)
            // One write per packet: a packet is never split across two writes that a cancellation could separate.
            .WithoutPacketFragmentation()
            .Build()
            .WithRoomySocketBuffers();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnReceivedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public async Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        var topic = Topics.Of(@event);
        using var activity = EventBusTelemetry.StartPublish(@event, topic, MessagingSystem);
        var body = CloudEventSerializer.Serialize(@event, _options.AppId, _options.PubSubName, EventBusTelemetry.ContextToSend(activity, @event));
        EventBusLimits.EnsurePublishable(topic, body);
        try
        {
            await PublishQos1Async(topic, body, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            EventBusTelemetry.RecordPublished(activity, topic, exception);
            throw new EventBusPublishException(topic, exception.Message, exception);
        }
        EventBusTelemetry.RecordPublished(activity, topic, failure: null);
    }

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(_subscribed && _client.IsConnected);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _dispatching = DispatchAsync();
        // Connecting in the background lets the service start (and answer /healthz) while the broker is still down.
        _connecting = KeepConnectedAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <remarks>The host may stop it twice (a test host's dispose after its stop); the second waits for the first.</remarks>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopLock)
        {
            return _stopped ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _connecting;
        // Lets the handlers finish the events already received (and acknowledges them) before closing, unless the
        // host's shutdown timeout comes first; what is not acknowledged the broker keeps for the next start.
        _pending.Complete();
        await using (cancellationToken.Register(_handling.Cancel))
        {
            await _dispatching;
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _client.Dispose();
        _stopping.Dispose();
        _handling.Dispose();
        _connectionGate.Dispose();
    }

    /// <remarks>
    /// The caller's token stops the waiting, never the sending: a write cut short leaves half a packet on the connection,
    /// and the broker would read the next packet's first bytes as the rest of this one.
    /// </remarks>
    private Task PublishQos1Async(string topic, byte[] body, CancellationToken cancellationToken) =>
        PublishWithinAckTimeoutAsync(topic, body).WaitAsync(cancellationToken);

    private async Task PublishWithinAckTimeoutAsync(string topic, byte[] body)
    {
        using var ackTimeout = new CancellationTokenSource(_options.Mqtt.AckTimeout);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(body)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            await _client.PublishAsync(message, ackTimeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The broker did not acknowledge the event within {_options.Mqtt.AckTimeout}.");
        }
    }

    /// <summary>Connects, subscribes, and does both again whenever the connection is lost, until shutdown.</summary>
    private async Task KeepConnectedAsync(CancellationToken cancellationToken)
    {
        while (await RetryUntilDoneAsync(ConnectAndSubscribeAsync, cancellationToken))
        {
            LogConnected(_logger, _options.Mqtt.Host, _options.Mqtt.Port, _subscriptions.All.Count);
            try
            {
                await _connectionLost.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _subscribed = false;
            LogConnectionLost(_logger, _options.Mqtt.Host, _options.Mqtt.Port);
        }
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        _subscribed = false;
        if (_client.IsConnected)
        {
            // An earlier attempt connected but could not subscribe.
            await _client.DisconnectAsync(new MqttClientDisconnectOptions(), cancellationToken);
        }

        await _connectionGate.WaitAsync(cancellationToken);
        try
        {
            _connectionLost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Events already waiting from an earlier connection are not acknowledged: the broker sends them again.
            Interlocked.Increment(ref _connection);
            var connected = await _client.ConnectAsync(_clientOptions, cancellationToken);
            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new MqttConnectionRefusedException(connected.ResultCode);
            }
        }
        finally
        {
            _connectionGate.Release();
        }

        // The persistent session keeps the subscriptions, but a new session (or a broker that lost its state) has none.
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var subscription in _subscriptions.All)
        {
            subscribe.WithTopicFilter(subscription.Topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        if (_subscriptions.All.Count > 0)
        {
            var result = await _client.SubscribeAsync(subscribe.Build(), cancellationToken);
            if (result.Items.FirstOrDefault(item => item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
            {
                throw new InvalidOperationException($"The broker refused the subscription to {refused.TopicFilter.Topic} ({refused.ResultCode}).");
            }
        }

        _subscribed = true;
    }

    /// <returns>False when shutdown came first.</returns>
    private async Task<bool> RetryUntilDoneAsync(Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        try
        {
            await _reconnect.ExecuteAsync(async token => await operation(token), cancellationToken);
            return true;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private ValueTask LogRetryAsync(OnRetryArguments<object> retry)
    {
        LogConnectFailed(_logger, _options.Mqtt.Host, _options.Mqtt.Port, retry.RetryDelay, retry.Outcome.Exception?.Message ?? "", retry.Outcome.Exception);
        return ValueTask.CompletedTask;
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        // MQTTnet raises this from a task of its own, also for a failed attempt, which may come after the next attempt
        // has connected: only a connection that was up can be lost.
        if (e.ClientWasConnected)
        {
            _subscribed = false;
            _connectionLost.TrySetResult();
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// MQTTnet calls this for each message, one at a time, from its own loop (never its socket reader). The message
    /// is queued for <see cref="DispatchAsync"/> and acknowledged there after its handlers.
    /// </summary>
    private Task OnReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var connection = Volatile.Read(ref _connection);
        if (_stopping.IsCancellationRequested || connection == Volatile.Read(ref _overflowedConnection))
        {
            // Not acknowledged: the broker sends it again on the next connection (or the next start).
            return Task.CompletedTask;
        }

        var pending = new PendingEvent(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e, connection);
        if (!_pending.TryAdd(pending))
        {
            // Everything after it on this connection is refused too, so that events are handled in arrival order.
            Volatile.Write(ref _overflowedConnection, connection);
            LogBacklogTooLarge(_logger, _pending.MaxBytes);
            _ = Task.Run(() => _client.DisconnectAsync(new MqttClientDisconnectOptions(), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs the handlers for one event at a time, in arrival order, then acknowledges the event.</summary>
    private async Task DispatchAsync()
    {
        await foreach (var pending in _pending.ReadAllAsync(CancellationToken.None))
        {
            if (pending.Connection != Volatile.Read(ref _connection) || _handling.IsCancellationRequested)
            {
                continue;
            }

            bool finished;
            try
            {
                finished = await HandleAsync(pending, _handling.Token);
            }
            catch (OperationCanceledException) when (_handling.IsCancellationRequested)
            {
                continue;
            }

            if (finished)
            {
                await AcknowledgeAsync(pending);
            }
        }
    }

    /// <returns>False when shutdown interrupted the handlers: the event is then not acknowledged.</returns>
    private async Task<bool> HandleAsync(PendingEvent pending, CancellationToken cancellationToken)
    {
        var outcome = await _processor.ProcessAsync(pending.Topic, pending.Payload, MessagingSystem, cancellationToken);
        if (outcome == ProcessingOutcome.Interrupted)
        {
            return false;
        }

        if (outcome is ProcessingOutcome.DeadLettered or ProcessingOutcome.Rejected)
        {
            var deadLetterTopic = Topics.DeadLetterOf(pending.Topic);
            try
            {
                await PublishQos1Async(deadLetterTopic, pending.Payload, cancellationToken);
                EventBusTelemetry.RecordDeadLettered(pending.Topic);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDeadLetterFailed(_logger, exception, deadLetterTopic, Encoding.UTF8.GetString(pending.Payload));
            }
        }

        return true;
    }

    private async Task AcknowledgeAsync(PendingEvent pending)
    {
        await _connectionGate.WaitAsync();
        try
        {
            if (pending.Connection == _connection && _client.IsConnected)
            {
                await pending.Delivery.AcknowledgeAsync(CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The connection is gone; the broker sends the event again on the next one and the ledger drops it.
            LogAcknowledgeFailed(_logger, pending.Topic, exception.Message);
        }
        finally
        {
            _connectionGate.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event bus connected to MQTT {Host}:{Port} with {Count} subscriptions")]
    private static partial void LogConnected(ILogger logger, string host, int port, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event bus lost its connection to MQTT {Host}:{Port}; reconnecting")]
    private static partial void LogConnectionLost(ILogger logger, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event bus cannot connect or subscribe at MQTT {Host}:{Port}; retrying in {Delay}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, TimeSpan delay, string reason, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event bus has more than {MaxBytes} bytes of events waiting for the handlers; reconnecting, the broker sends the rest again")]
    private static partial void LogBacklogTooLarge(ILogger logger, long maxBytes);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not acknowledge an event on {Topic} ({Reason}); the broker sends it again")]
    private static partial void LogAcknowledgeFailed(ILogger logger, string topic, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not move a failed event to {DeadLetterTopic}; it is kept only in this log: {CloudEvent}")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception exception, string deadLetterTopic, string cloudEvent);
}
