using Microsoft.AspNetCore.Http.Features;

namespace Hiroba.Gateway.Proxy.MqttLimits;

internal static class UpgradedStreamWrapping
{
    /// <summary>
    /// Has the request's upgrade (HTTP/1.1, or a WebSocket over HTTP/2: RFC 8441, extended CONNECT) hand out
    /// <paramref name="wrap"/>'s stream around the client's, for whoever accepts it later (YARP, once the destination has
    /// accepted). Wrapping again wraps the wrapped stream.
    /// </summary>
    public static void WrapUpgradedStream(this HttpContext context, Func<Stream, Stream> wrap)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new WrappedUpgradeFeature(upgrade, wrap));
        }
        if (context.Features.Get<IHttpExtendedConnectFeature>() is { } connect)
        {
            context.Features.Set<IHttpExtendedConnectFeature>(new WrappedExtendedConnectFeature(connect, wrap));
        }
    }

    private sealed class WrappedUpgradeFeature(IHttpUpgradeFeature inner, Func<Stream, Stream> wrap) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public async Task<Stream> UpgradeAsync() => wrap(await inner.UpgradeAsync());
    }

    private sealed class WrappedExtendedConnectFeature(IHttpExtendedConnectFeature inner, Func<Stream, Stream> wrap)
        : IHttpExtendedConnectFeature
    {
        public bool IsExtendedConnect => inner.IsExtendedConnect;

        public string? Protocol => inner.Protocol;

        public async ValueTask<Stream> AcceptAsync() => wrap(await inner.AcceptAsync());
    }
}
