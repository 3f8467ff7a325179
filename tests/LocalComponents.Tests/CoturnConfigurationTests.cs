using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

public sealed class CoturnConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new("coturn-config");

    [Fact]
    public async Task Coturn_listens_and_relays_on_the_address_it_is_given()
    {
        var options = new CoturnOptions(_directory.Path, Secrets.Create(), ListeningAddress: "192.168.77.2");

        var lines = await File.ReadAllLinesAsync(await CoturnConfiguration.WriteAsync(options, 3478, new PortRange(49160, 49259), CancellationToken.None));

        Assert.Contains("listening-ip=192.168.77.2", lines);
        Assert.Contains("relay-ip=192.168.77.2", lines);
        Assert.Contains("listening-port=3478", lines);
        Assert.Contains("min-port=49160", lines);
        Assert.DoesNotContain(lines, line => line.Contains("127.0.0.1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("::1")]
    [InlineData("localhost")]
    public void Coturn_takes_only_an_IPv4_listening_address(string address) =>
        Assert.Throws<ArgumentException>(() => new CoturnServer(new CoturnOptions(_directory.Path, Secrets.Create(), ListeningAddress: address)));

    public void Dispose() => _directory.Dispose();
}
