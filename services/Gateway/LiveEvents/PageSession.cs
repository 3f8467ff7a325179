using System.Net;
using System.Net.WebSockets;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// One page on <c>/mqtt</c>, served by the gateway as a read-only MQTT 3.1.1 server: a CONNECT with a clean session
/// and no credentials, then SUBSCRIBE and UNSUBSCRIBE of the public topics, PINGREQ and DISCONNECT. Events arrive at
/// QoS 0 (the page catches up from the API after every connection, so the broker-side redelivery of QoS 1 would add
/// nothing but an acknowledgement per event). Anything else ends the connection, and so does silence beyond 1.5 times
/// the page's keep-alive.
/// </summary>
internal sealed partial class PageSession
{
    /// <summary>The close status of a page closed for a reason of the moment (RFC 6455 1013): its mqtt.js reconnects.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>A CONNECT's variable header up to its flags: the protocol name "MQTT" and the level 4 (MQTT 3.1.1).</summary>
    private static ReadOnlySpan<byte> Mqtt311Protocol => [0x00, 0x04, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 0x04];

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly LivePages _pages;
    private readonly LiveEventsOptions _options;
    private readonly ILogger _logger;
    private readonly PageSender _sender;
    private readonly PagePacketReader _reader;
    private readonly MqttPacketFormatterAdapter _formatter = new(MqttProtocolVersion.V311, new MqttBufferWriter(256, 4096));
    private readonly List<string> _filters = [];
    private volatile string[] _topics = [];
    private TimeSpan _keepAlive;

    public PageSession(WebSocket socket, IPAddress client, LivePages pages, LiveEventsOptions options, ILogger logger)
    {
        _socket = socket;
        Client = client;
        _pages = pages;
        _options = options;
        _logger = logger;
        _sender = new PageSender(socket, options.MaxQueuedEvents);
        _reader = new PagePacketReader(socket, options.MaxPacketBytes);
    }

    public IPAddress Client { get; }

    /// <summary>Sends an event's PUBLISH if the page subscribed to its topic; a page too far behind is closed.</summary>
    public void Deliver(string topic, ReadOnlyMemory<byte> publish)
    {
        if (Array.IndexOf(_topics, topic) >= 0 && !_sender.TrySend(publish))
        {
            Close(TryAgainLater, "fell behind the live events");
        }
    }

    /// <summary>Ends the connection with a close frame after what is queued; the page's mqtt.js reconnects by itself.</summary>
    public void Close(WebSocketCloseStatus status, string reason) => _sender.Close(status, reason);

    /// <summary>Serves the page until it leaves, breaks the rules, or is closed.</summary>
    public async Task RunAsync(CancellationToken aborted)
    {
        try
        {
            if (await ConnectAsync(aborted))
            {
                await ServeAsync(aborted);
            }
        }
        catch (PageViolationException violation)
        {
            LogViolation(_logger, Client, violation.Message);
            Close(WebSocketCloseStatus.PolicyViolation, "not allowed on /mqtt");
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // Gone, silent too long, or the request ended.
        }
        finally
        {
            _pages.Remove(this);
        }
        await CloseHandshakeAsync(aborted);
    }

    /// <summary>
    /// Ends the connection cleanly before the request ends (which would cut it): the close frame goes out after what
    /// is queued, and the page's own close frame is awaited, for a few seconds at most.
    /// </summary>
    private async Task CloseHandshakeAsync(CancellationToken aborted)
    {
        Close(WebSocketCloseStatus.NormalClosure, "");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(CloseTimeout);
        try
        {
            await _sender.Finished.WaitAsync(timeout.Token);
            var scratch = new byte[256];
            while (_socket.State == WebSocketState.CloseSent
                && (await _socket.ReceiveAsync(scratch.AsMemory(), timeout.Token)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            _socket.Abort();
        }
    }

    private async Task<bool> ConnectAsync(CancellationToken aborted)
    {
        var received = await ReadAsync(ConnectTimeout, aborted);
        if (received is not { } packet)
        {
            return false;
        }
        if (packet.FixedHeader >> 4 != (int)MqttControlPacketType.Connect)
        {
            throw new PageViolationException("a first MQTT packet that is not a CONNECT");
        }
        if (!packet.Body.AsSpan().StartsWith(Mqtt311Protocol))
        {
            Send(new MqttConnAckPacket { ReturnCode = MqttConnectReturnCode.ConnectionRefusedUnacceptableProtocolVersion });
            throw new PageViolationException("a CONNECT for a protocol other than MQTT 3.1.1");
        }
        var connect = (MqttConnectPacket)Decode(packet);
        if (!connect.CleanSession)
        {
            throw new PageViolationException("a CONNECT for a persistent session (clean session 0)");
        }
        var answer = Refusal(connect) ?? (_pages.TryAdd(this)
            ? MqttConnectReturnCode.ConnectionAccepted
            : MqttConnectReturnCode.ConnectionRefusedServerUnavailable);
        Send(new MqttConnAckPacket { ReturnCode = answer });
        if (answer != MqttConnectReturnCode.ConnectionAccepted)
        {
            LogRefused(_logger, Client, answer);
            return false;
        }
        _keepAlive = TimeSpan.FromSeconds(connect.KeepAlivePeriod * 1.5);
        return true;
    }

    private MqttConnectReturnCode? Refusal(MqttConnectPacket connect) => connect switch
    {
        { Username: not null } or { Password: not null } => MqttConnectReturnCode.ConnectionRefusedNotAuthorized,
        // As mosquitto's max_keepalive: an MQTT 3.1.1 client cannot be told another keep-alive, so it is refused.
        { KeepAlivePeriod: 0 } => MqttConnectReturnCode.ConnectionRefusedIdentifierRejected,
        _ when TimeSpan.FromSeconds(connect.KeepAlivePeriod) > _options.MaxKeepAlive => MqttConnectReturnCode.ConnectionRefusedIdentifierRejected,
        _ => null,
    };

    private async Task ServeAsync(CancellationToken aborted)
    {
        while (await ReadAsync(_keepAlive, aborted) is { } received)
        {
            var packet = Decode(received);
            switch (packet)
            {
                case MqttSubscribePacket subscribe:
                    Send(Subscribe(subscribe));
                    break;
                case MqttUnsubscribePacket unsubscribe:
                    Unsubscribe(unsubscribe);
                    Send(new MqttUnsubAckPacket { PacketIdentifier = unsubscribe.PacketIdentifier });
                    break;
                case MqttPingReqPacket:
                    Send(MqttPingRespPacket.Instance);
                    break;
                case MqttDisconnectPacket:
                    Close(WebSocketCloseStatus.NormalClosure, "");
                    return;
                case MqttPublishPacket:
                    throw new PageViolationException("a PUBLISH (pages only read on /mqtt)");
                default:
                    throw new PageViolationException($"an MQTT {(MqttControlPacketType)(received.FixedHeader >> 4)} packet");
            }
        }
    }

    /// <summary>
    /// Grants QoS 0 for each filter that matches a public topic (the only ones the gateway receives), and refuses the
    /// others, as the broker's ACL would. The page is sent what it subscribed to once this returns, before its SUBACK.
    /// </summary>
    private MqttSubAckPacket Subscribe(MqttSubscribePacket subscribe)
    {
        var codes = new List<MqttSubscribeReasonCode>(subscribe.TopicFilters.Count);
        foreach (var filter in subscribe.TopicFilters)
        {
            var granted = LivePages.PublicTopicsMatching(filter.Topic).Any()
                && (_filters.Contains(filter.Topic) || _filters.Count < _options.MaxSubscriptions);
            if (granted && !_filters.Contains(filter.Topic))
            {
                _filters.Add(filter.Topic);
            }
            codes.Add(granted ? MqttSubscribeReasonCode.GrantedQoS0 : MqttSubscribeReasonCode.UnspecifiedError);
        }
        _topics = [.. _filters.SelectMany(LivePages.PublicTopicsMatching).Distinct()];
        return new MqttSubAckPacket { PacketIdentifier = subscribe.PacketIdentifier, ReasonCodes = codes };
    }

    private void Unsubscribe(MqttUnsubscribePacket unsubscribe)
    {
        _filters.RemoveAll(unsubscribe.TopicFilters.Contains);
        _topics = [.. _filters.SelectMany(LivePages.PublicTopicsMatching).Distinct()];
    }

    private async Task<ReceivedMqttPacket?> ReadAsync(TimeSpan silence, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(silence);
        return await _reader.ReadAsync(timeout.Token);
    }

    private MqttPacket Decode(ReceivedMqttPacket received)
    {
        try
        {
            return _formatter.Decode(received);
        }
        catch (MqttProtocolViolationException malformed)
        {
            throw new PageViolationException($"a malformed MQTT packet ({malformed.Message})");
        }
    }

    private void Send(MqttPacket packet)
    {
        var bytes = _formatter.Encode(packet).ToArray();
        _formatter.Cleanup();
        _sender.TrySend(bytes);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed the /mqtt connection of {Client}: it sent {Violation}")]
    private static partial void LogViolation(ILogger logger, IPAddress client, string violation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused the /mqtt connection of {Client}: {ReturnCode}")]
    private static partial void LogRefused(ILogger logger, IPAddress client, MqttConnectReturnCode returnCode);
}
