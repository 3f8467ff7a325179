using Microsoft.AspNetCore.Http.Features;

namespace Hiroba.Gateway.Proxy.MqttLimits;

/// <summary>The HTTP/1.1 upgrade as YARP asks for it, handing out the inspected stream instead of the raw one.</summary>
internal sealed class InspectedUpgradeFeature(IHttpUpgradeFeature inner, Func<Stream, Stream> inspect) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => inner.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => inspect(await inner.UpgradeAsync());
}

/// <summary>The same for a WebSocket over HTTP/2 (RFC 8441, extended CONNECT).</summary>
internal sealed class InspectedExtendedConnectFeature(IHttpExtendedConnectFeature inner, Func<Stream, Stream> inspect)
    : IHttpExtendedConnectFeature
{
    public bool IsExtendedConnect => inner.IsExtendedConnect;

    public string? Protocol => inner.Protocol;

    public async ValueTask<Stream> AcceptAsync() => inspect(await inner.AcceptAsync());
}
