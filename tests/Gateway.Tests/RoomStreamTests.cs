using Hiroba.Gateway.Proxy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Hiroba.Gateway.Tests;

/// <summary>Which proxied requests of a room the handover may end: running event streams, and nothing else.</summary>
public sealed class RoomStreamTests
{
    private readonly Lifetime _lifetime = new();
    private readonly RoomStream _stream;

    public RoomStreamTests()
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpRequestLifetimeFeature>(_lifetime);
        _stream = new RoomStream(context, "snapshots", "ws-1", "snapshots-1");
    }

    [Fact]
    public void A_running_event_stream_is_ended_once()
    {
        _stream.Started("text/event-stream; charset=utf-8");

        Assert.True(_stream.TryEnd());
        Assert.False(_stream.TryEnd());
        Assert.Equal(1, _lifetime.Aborts);
    }

    [Fact]
    public void Any_other_response_is_left_alone()
    {
        _stream.Started("application/json");

        Assert.False(_stream.TryEnd());
        Assert.Equal(0, _lifetime.Aborts);
    }

    [Fact]
    public void A_finished_event_stream_is_left_alone()
    {
        _stream.Started("text/event-stream");
        _stream.Finished();

        Assert.False(_stream.TryEnd());
        Assert.Equal(0, _lifetime.Aborts);
    }

    [Fact]
    public void A_response_that_starts_after_the_request_finished_is_left_alone()
    {
        // A response without a body may start only after the proxy returned, when its context is about to serve another request.
        _stream.Finished();
        _stream.Started("text/event-stream");

        Assert.False(_stream.TryEnd());
        Assert.Equal(0, _lifetime.Aborts);
    }

    private sealed class Lifetime : IHttpRequestLifetimeFeature
    {
        public int Aborts { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborts++;
    }
}
