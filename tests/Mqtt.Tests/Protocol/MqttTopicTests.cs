using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt.Tests.Protocol;

public class MqttTopicTests
{
    [Theory]
    [InlineData("#")]
    [InlineData("+")]
    [InlineData("a/#")]
    [InlineData("+/b/+")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("$SYS/#")]
    public void Accepts_valid_filters(string filter) => MqttTopic.ValidateFilter(filter);

    [Theory]
    [InlineData("")]
    [InlineData("a/#/b")]
    [InlineData("a#")]
    [InlineData("a/b+")]
    [InlineData("++")]
    [InlineData("a\0b")]
    public void Rejects_invalid_filters(string filter) => Assert.Throws<ArgumentException>(() => MqttTopic.ValidateFilter(filter));

    [Theory]
    [InlineData("")]
    [InlineData("a/+")]
    [InlineData("a/#")]
    [InlineData("a\0")]
    public void Rejects_invalid_topic_names(string topic) => Assert.Throws<ArgumentException>(() => MqttTopic.ValidateName(topic));

    [Fact]
    public void Rejects_a_topic_longer_than_65535_bytes() =>
        Assert.Throws<ArgumentException>(() => MqttTopic.ValidateName(new string('é', 40_000)));
}
