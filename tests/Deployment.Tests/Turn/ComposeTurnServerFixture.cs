using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests.Turn;

public sealed class ComposeTurnServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("compose-coturn");

    public ComposeTurnServerFixture()
    {
        Server = new ComposeTurnServer(_directory.Path, Secrets.Create());
    }

    internal ComposeTurnServer Server { get; }

    public Task InitializeAsync() => Server.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
