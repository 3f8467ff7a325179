using Hiroba.Contracts;
using Hiroba.EventBus.Mqtt;
using Hiroba.Resilience;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// The gateway's one subscription to the public topics, on the broker's anonymous read-only listener, from which it
/// serves every page (<see cref="LivePages"/>): the broker sends each event once, not once per page. QoS 0 and a clean
/// session, as the pages' own: after any interruption the pages are closed and catch up from the API.
/// </summary>
internal sealed partial class BrokerEventSubscription(
    IOptions<LiveEventsOptions> options, LivePages pages, TimeProvider timeProvider, ILogger<BrokerEventSubscription> logger)
    : BackgroundService
{
    private static readonly ExponentialBackoff ReconnectBackoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5), Jitter: true);
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    private TaskCompletionSource? _lost;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var clientOptions = new MqttClientOptionsBuilder()
            .WithConnectionUri(options.Value.Broker!)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId($"hiroba-gateway-{Guid.NewGuid():N}")
            .WithCleanSession()
            .WithKeepAlivePeriod(KeepAlive)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build()
            .WithRoomySocketBuffers();
        client.ApplicationMessageReceivedAsync += received =>
        {
            pages.Publish(received.ApplicationMessage.Topic, received.ApplicationMessage.Payload);
            return Task.CompletedTask;
        };
        // Raised for failed connection attempts too, which end nothing.
        client.DisconnectedAsync += disconnected =>
        {
            if (disconnected.ClientWasConnected)
            {
                Volatile.Read(ref _lost)?.TrySetResult();
            }
            return Task.CompletedTask;
        };

        var reconnect = ReconnectBackoff.RetryUntilStopped(timeProvider, retry =>
        {
            LogRetry(logger, options.Value.Broker!, retry.RetryDelay, retry.Outcome.Exception?.Message);
            return ValueTask.CompletedTask;
        });
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reconnect.ExecuteAsync(async token => await SubscribeAsync(client, clientOptions, token), stoppingToken);
                var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Volatile.Write(ref _lost, lost);
                // A connection lost before the line above raised nothing this loop waits for.
                if (client.IsConnected)
                {
                    pages.BrokerSubscribed();
                    LogSubscribed(logger, options.Value.Broker!);
                    await lost.Task.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            pages.BrokerLost();
        }
        if (client.IsConnected)
        {
            await client.DisconnectAsync(cancellationToken: CancellationToken.None);
        }
    }

    private static async Task SubscribeAsync(IMqttClient client, MqttClientOptions clientOptions, CancellationToken cancellationToken)
    {
        if (client.IsConnected)
        {
            await client.DisconnectAsync(cancellationToken: cancellationToken);
        }
        await client.ConnectAsync(clientOptions, cancellationToken);
        var subscribe = new MqttClientSubscribeOptionsBuilder();
        foreach (var topic in PublicTopics.All)
        {
            subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtMostOnce);
        }
        var result = await client.SubscribeAsync(subscribe.Build(), cancellationToken);
        if (result.Items.FirstOrDefault(item => item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2) is { } refused)
        {
            throw new InvalidOperationException($"The broker refused the subscription to {refused.TopicFilter.Topic}: {refused.ResultCode}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Subscribed to the public topics on {Broker}; /mqtt is open")]
    private static partial void LogSubscribed(ILogger logger, Uri broker);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the public topics on {Broker}, trying again in {Delay}: {Reason}")]
    private static partial void LogRetry(ILogger logger, Uri broker, TimeSpan delay, string? reason);
}
