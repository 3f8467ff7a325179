using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests.Broker;

public sealed class ComposeBrokerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("compose-broker");

    public ComposeBrokerFixture()
    {
        Broker = new ComposeBroker(_directory.Path, ServicesPassword);
    }

    public string ServicesPassword { get; } = Secrets.Create().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);

    internal ComposeBroker Broker { get; }

    public Task InitializeAsync() => Broker.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Broker.DisposeAsync();
        _directory.Dispose();
    }
}
