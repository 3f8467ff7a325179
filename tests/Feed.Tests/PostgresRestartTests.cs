using System.Globalization;
using Hiroba.Feed.Storage;
using Hiroba.PostgreSql;

namespace Hiroba.Feed.Tests;

public sealed class PostgresRestartTests : IAsyncLifetime
{
    private readonly FeedFixture _fixture = FeedFixture.WithPersistentBroker(StorageProvider.PostgreSql);

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task After_postgresql_restarts_the_next_post_and_read_are_answered_although_every_pooled_connection_died()
    {
        using var client = _fixture.CreateClient();
        // Several connections in the pool, all of which the restart ends.
        var before = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.PublishAsync($"before the restart {i}")));

        await _fixture.Database!.Server.StopAsync();
        await _fixture.Database.Server.StartAsync(CancellationToken.None);

        var after = await client.PublishAsync("after the restart");
        var listed = (await client.ListAsync("?limit=100")).Posts.Select(post => post.Id).ToList();
        Assert.Equal([after.Id, .. before.Select(post => post.Id).OrderByDescending(id => long.Parse(id, CultureInfo.InvariantCulture))], listed);
    }
}
