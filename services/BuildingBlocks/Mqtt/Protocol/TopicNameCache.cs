using System.Text;
using System.Text.Unicode;

namespace Hiroba.Mqtt.Protocol;

/// <summary>
/// Turns received UTF-8 topic names into validated strings, reusing the strings of the few topics
/// a connection sees over and over, so that a received message does not allocate its topic again.
/// Not thread-safe: one per connection reader.
/// </summary>
internal sealed class TopicNameCache
{
    private const int Capacity = 16;
    private const int MaxCachedLength = 256;

    private readonly byte[][] _utf8 = new byte[Capacity][];
    private readonly string[] _names = new string[Capacity];
    private int _next;

    public string GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < Capacity; i++)
        {
            if (_utf8[i] is { } cached && utf8.SequenceEqual(cached))
            {
                return _names[i];
            }
        }

        var name = Decode(utf8);
        if (utf8.Length <= MaxCachedLength)
        {
            _utf8[_next] = utf8.ToArray();
            _names[_next] = name;
            _next = (_next + 1) % Capacity;
        }

        return name;
    }

    private static string Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            throw new MqttProtocolException("PUBLISH with an empty topic name.");
        }

        if (!Utf8.IsValid(utf8))
        {
            throw new MqttProtocolException("PUBLISH topic name is not valid UTF-8.");
        }

        if (utf8.IndexOfAny((byte)0, (byte)'+', (byte)'#') >= 0)
        {
            throw new MqttProtocolException("PUBLISH topic name contains U+0000 or a wildcard.");
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
