using System.Buffers;
using System.Collections.Immutable;
using Hiroba.Contracts;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;

namespace Hiroba.Gateway.LiveEvents;

/// <summary>
/// The pages connected to <c>/mqtt</c>, and the fan-out of each public event to them: the event's PUBLISH is encoded
/// once and the same bytes go to every page subscribed to its topic. Pages are admitted only while the gateway's broker
/// subscription is up; when it drops, every page is closed, so that each reconnects and catches up from the API rather
/// than stay open and miss what was published meanwhile.
/// </summary>
internal sealed partial class LivePages(ILogger<LivePages> logger)
{
    private readonly Lock _lock = new();
    // Only the broker subscription's receive loop publishes, one event at a time.
    private readonly MqttPacketFormatterAdapter _formatter = new(MqttProtocolVersion.V311, new MqttBufferWriter(4096, 65_536));
    private ImmutableArray<PageSession> _pages = [];
    private bool _live;

    /// <summary>The public topics a page's topic filter selects (none for a filter that is not valid).</summary>
    public static IEnumerable<string> PublicTopicsMatching(string filter) =>
        PublicTopics.All.Where(topic => MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch);

    public int Count => _pages.Length;

    public bool IsLive
    {
        get
        {
            lock (_lock)
            {
                return _live;
            }
        }
    }

    /// <summary>Admits a page while the broker subscription is up.</summary>
    public bool TryAdd(PageSession page)
    {
        lock (_lock)
        {
            if (!_live)
            {
                return false;
            }
            _pages = _pages.Add(page);
            return true;
        }
    }

    public void Remove(PageSession page)
    {
        lock (_lock)
        {
            _pages = _pages.Remove(page);
        }
    }

    /// <summary>The broker subscription is up: pages may connect.</summary>
    public void BrokerSubscribed()
    {
        lock (_lock)
        {
            _live = true;
        }
    }

    /// <summary>The broker subscription is down: every page is closed, and new ones are refused until it is back.</summary>
    public void BrokerLost()
    {
        ImmutableArray<PageSession> closing;
        lock (_lock)
        {
            _live = false;
            (closing, _pages) = (_pages, []);
        }
        if (closing.Length > 0)
        {
            LogClosingAll(logger, closing.Length);
        }
        foreach (var page in closing)
        {
            page.Close(PageSession.TryAgainLater, "live events interrupted");
        }
    }

    /// <summary>Sends an event from the broker to every page subscribed to its topic.</summary>
    public void Publish(string topic, ReadOnlySequence<byte> payload)
    {
        var publish = _formatter.Encode(new MqttPublishPacket { Topic = topic, Payload = payload }).ToArray();
        _formatter.Cleanup();
        foreach (var page in _pages)
        {
            page.Deliver(topic, publish);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker subscription dropped: closing {Count} /mqtt pages, which reconnect and catch up")]
    private static partial void LogClosingAll(ILogger logger, int count);
}
