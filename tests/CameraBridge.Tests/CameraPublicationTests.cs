using Hiroba.CameraBridge.Cameras;
using Hiroba.CameraBridge.Janus;
using Hiroba.CameraBridge.Sharing;
using Hiroba.CameraBridge.Viewing;
using Hiroba.LocalComponents;
using JanusOptions = Hiroba.CameraBridge.Janus.JanusOptions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Tests;

/// <summary>A camera's publications follow one another: the next touches Janus only once the previous one has ended.</summary>
public sealed class CameraPublicationTests : IDisposable
{
    private static readonly Camera Camera = new("bench", "Bench", CameraSource.Admin, new AyameRoomEndpoint("bench-room", "bench-key"));
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false });

    [Fact]
    public async Task A_publication_waits_for_the_previous_one_to_end_before_it_makes_its_room()
    {
        var previous = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Nothing listens on Janus's port: once the publication asks Janus for a session, it ends at once.
        await using var publication = CameraPublication.Start(Camera, (AyameRoomEndpoint)Camera.Endpoint, Dependencies(), previous.Task);

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(publication.Ended.IsCompleted, "the publication went to Janus while the previous one still ran");

        previous.SetResult();
        Assert.Equal(EndReason.Unavailable, await publication.Ended.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_publication_stopped_while_it_waits_for_the_previous_one_ends_without_going_to_janus()
    {
        var previous = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var publication = CameraPublication.Start(Camera, (AyameRoomEndpoint)Camera.Endpoint, Dependencies(), previous.Task);

        await publication.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(EndReason.Stopping, await publication.Ended);
    }

    public void Dispose() => _http.Dispose();

    private CameraPublication.Dependencies Dependencies() => new(
        new JanusClient(
            _http, Options.Create(new JanusOptions { Url = new Uri($"http://127.0.0.1:{FreePorts.Tcp()}/janus"), ApiSecret = Secrets.Create() }),
            NullLogger<JanusClient>.Instance),
        new Uri($"ws://127.0.0.1:{FreePorts.Tcp()}/signaling"), new ViewingOptions(), new SharingOptions(), TimeProvider.System,
        NullLogger.Instance);
}
