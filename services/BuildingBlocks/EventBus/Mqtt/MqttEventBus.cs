using System.Text;
using Hiroba.EventBus.Abstractions;
using Hiroba.EventBus.CloudEvents;
using Hiroba.EventBus.Processing;
using Hiroba.EventBus.Subscriptions;
using Hiroba.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hiroba.EventBus.Mqtt;

/// <summary>
/// Publishes and receives CloudEvents straight on the MQTT broker, QoS 1, one topic per event type.
/// Failed and unreadable events are re-published to the topic's dead-letter topic.
/// </summary>
internal sealed partial class MqttEventBus : IEventBusTransport, IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly EventBusOptions _options;
    private readonly EventSubscriptions _subscriptions;
    private readonly IntegrationEventProcessor _processor;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<MqttEventBus> _logger;
    private readonly MqttClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private Task _connecting = Task.CompletedTask;
    private volatile bool _subscribed;

    public MqttEventBus(
        IOptions<EventBusOptions> options,
        EventSubscriptions subscriptions,
        IntegrationEventProcessor processor,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory)
    {
        _options = options.Value;
        _subscriptions = subscriptions;
        _processor = processor;
        _timeProvider = timeProvider;
        _logger = loggerFactory.CreateLogger<MqttEventBus>();
        var mqtt = _options.Mqtt;
        _client = new MqttClient(
            new MqttClientOptions
            {
                Host = mqtt.Host,
                Port = mqtt.Port,
                ClientId = ServiceClientId.Create(mqtt.ClientId ?? _options.AppId, mqtt.Password!),
                Username = mqtt.Username,
                Password = mqtt.Password,
                CleanSession = false,
                KeepAlive = mqtt.KeepAlive,
                MaxPacketSize = EventBusLimits.MaxPacketBytes,
            },
            OnMessageAsync,
            loggerFactory.CreateLogger<MqttClient>(),
            timeProvider);
    }

    public async Task PublishAsync(IntegrationEvent @event, CancellationToken cancellationToken)
    {
        var topic = Topics.Of(@event.GetType());
        var body = CloudEventSerializer.Serialize(@event, _options.AppId, _options.PubSubName);
        EventBusLimits.EnsurePublishable(topic, body);
        try
        {
            await _client.PublishAsync(topic, body, MqttQos.AtLeastOnce, retain: false, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new EventBusPublishException(topic, exception.Message, exception);
        }
    }

    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(_subscribed && _client.IsConnected);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Connecting in the background lets the service start (and answer /healthz) while the broker is still down.
        _connecting = ConnectAndSubscribeAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _connecting;
        // Lets the handler finish the messages already received (and acknowledges them) before closing.
        await _client.DisconnectAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        await _client.DisposeAsync();
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        if (!await RetryUntilDoneAsync(() => _client.ConnectAsync(cancellationToken), cancellationToken))
        {
            return;
        }
        foreach (var subscription in _subscriptions.All)
        {
            if (!await RetryUntilDoneAsync(() => _client.SubscribeAsync(subscription.Topic, MqttQos.AtLeastOnce, cancellationToken), cancellationToken))
            {
                return;
            }
        }
        _subscribed = true;
        LogConnected(_logger, _options.Mqtt.Host, _options.Mqtt.Port, _subscriptions.All.Count);
    }

    /// <returns>False when shutdown came first.</returns>
    private async Task<bool> RetryUntilDoneAsync(Func<Task> operation, CancellationToken cancellationToken)
    {
        var delay = FirstRetryDelay;
        while (true)
        {
            try
            {
                await operation();
                return true;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception exception)
            {
                LogConnectFailed(_logger, exception, _options.Mqtt.Host, _options.Mqtt.Port, delay);
            }
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var outcome = await _processor.ProcessAsync(message.Topic, message.Payload, cancellationToken);
        if (outcome is ProcessingOutcome.DeadLettered or ProcessingOutcome.Rejected)
        {
            var deadLetterTopic = Topics.DeadLetterOf(message.Topic);
            try
            {
                await _client.PublishAsync(deadLetterTopic, message.Payload, MqttQos.AtLeastOnce, retain: false, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogDeadLetterFailed(_logger, exception, deadLetterTopic, Encoding.UTF8.GetString(message.Payload.Span));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Event bus connected to MQTT {Host}:{Port} with {Count} subscriptions")]
    private static partial void LogConnected(ILogger logger, string host, int port, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event bus cannot connect or subscribe at MQTT {Host}:{Port}; retrying in {Delay}")]
    private static partial void LogConnectFailed(ILogger logger, Exception exception, string host, int port, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Could not move a failed event to {DeadLetterTopic}; it is kept only in this log: {CloudEvent}")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception exception, string deadLetterTopic, string cloudEvent);
}
