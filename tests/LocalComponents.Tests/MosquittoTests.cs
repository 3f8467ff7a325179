using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

public class MosquittoTests(MosquittoFixture mosquitto) : IClassFixture<MosquittoFixture>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Service_credentials_can_publish_and_read_on_the_internal_listener()
    {
        var topic = $"tests.{Guid.NewGuid():N}";

        var published = await Publish(topic, "hello", mosquitto.ServiceUsername, mosquitto.ServicePassword, "-r");
        var read = await CommandLineTool.RunAsync("mosquitto_sub",
            [.. Connection(mosquitto.ServiceUsername, mosquitto.ServicePassword), "-t", topic, "-C", "1", "-W", "20"], ToolTimeout);

        Assert.True(published.ExitCode == 0, published.OutputText);
        Assert.True(read.ExitCode == 0, read.OutputText);
        Assert.Equal(["hello"], read.Output);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_as_not_authorised()
    {
        var result = await Publish("tests.wrong-password", "x", mosquitto.ServiceUsername, mosquitto.ServicePassword + "x");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not authorised", result.OutputText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_anonymous_client_is_refused_on_the_internal_listener()
    {
        var result = await Publish("tests.anonymous", "x", username: null, password: null);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("not authorised", result.OutputText, StringComparison.OrdinalIgnoreCase);
    }

    private Task<CommandLineResult> Publish(string topic, string message, string? username, string? password, params string[] extra) =>
        CommandLineTool.RunAsync("mosquitto_pub",
            [.. Connection(username, password), "-t", topic, "-m", message, "-q", "1", .. extra], ToolTimeout);

    private string[] Connection(string? username, string? password) =>
        username is null
            ? ["-h", mosquitto.Host, "-p", $"{mosquitto.Port}"]
            : ["-h", mosquitto.Host, "-p", $"{mosquitto.Port}", "-u", username, "-P", password!];
}
