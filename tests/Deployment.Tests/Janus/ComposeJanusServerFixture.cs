using Hiroba.LocalComponents;
using Hiroba.TestSupport;

namespace Hiroba.Deployment.Tests.Janus;

public sealed class ComposeJanusServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("compose-janus");

    public ComposeJanusServerFixture()
    {
        Server = new ComposeJanusServer(_directory.Path, Secrets.Create());
    }

    internal ComposeJanusServer Server { get; }

    public Task InitializeAsync() => Server.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _directory.Dispose();
    }
}
