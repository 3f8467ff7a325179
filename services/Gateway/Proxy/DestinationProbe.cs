using System.Net.WebSockets;

namespace Hiroba.Gateway.Proxy;

/// <summary>Asks one proxy destination whether it is up: HTTP services by their health path, mosquitto by an MQTT WebSocket handshake.</summary>
public sealed class DestinationProbe(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "destination-probe";

    /// <summary>Cluster metadata key naming the probe; <see cref="MqttWebSocket"/> or absent for HTTP.</summary>
    public const string MetadataKey = "HealthProbe";

    public const string MqttWebSocket = "MqttWebSocket";

    /// <returns>Null when healthy, otherwise why not.</returns>
    public async Task<string?> ProbeAsync(string? kind, Uri address, string healthPath, CancellationToken cancellationToken)
    {
        try
        {
            return kind == MqttWebSocket
                ? await ProbeWebSocketAsync(address, cancellationToken)
                : await ProbeHttpAsync(new Uri(address, healthPath), cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or WebSocketException or OperationCanceledException)
        {
            return exception.Message;
        }
    }

    private async Task<string?> ProbeHttpAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await httpClientFactory.CreateClient(HttpClientName).GetAsync(uri, cancellationToken);
        return response.IsSuccessStatusCode ? null : $"{uri.AbsolutePath} answered {(int)response.StatusCode}";
    }

    private static async Task<string?> ProbeWebSocketAsync(Uri address, CancellationToken cancellationToken)
    {
        var uri = new UriBuilder(address) { Scheme = address.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        await socket.ConnectAsync(uri, cancellationToken);
        socket.Abort();
        return null;
    }
}
