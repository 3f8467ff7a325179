using System.Text;

namespace Hiroba.Mqtt.Protocol;

/// <summary>Validation of topic names and topic filters (MQTT 3.1.1 §4.7) before they go on the wire.</summary>
internal static class MqttTopic
{
    public static void ValidateName(string topic)
    {
        ValidateString(topic, "Topic name");
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            throw new ArgumentException($"Topic name '{topic}' must not contain the wildcards '+' or '#'.", nameof(topic));
        }
    }

    public static void ValidateFilter(string topicFilter)
    {
        ValidateString(topicFilter, "Topic filter");
        var levels = topicFilter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            var hasWildcard = level.AsSpan().IndexOfAny('+', '#') >= 0;
            var isValid = !hasWildcard || level == "+" || (level == "#" && i == levels.Length - 1);
            if (!isValid)
            {
                throw new ArgumentException(
                    $"Topic filter '{topicFilter}' is invalid: '+' must fill a whole level and '#' must be the whole last level.",
                    nameof(topicFilter));
            }
        }
    }

    private static void ValidateString(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new ArgumentException($"{what} must not be empty.", nameof(value));
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{what} must not contain U+0000.", nameof(value));
        }

        if (Encoding.UTF8.GetByteCount(value) > ushort.MaxValue)
        {
            throw new ArgumentException($"{what} must be at most 65535 UTF-8 bytes.", nameof(value));
        }
    }
}
