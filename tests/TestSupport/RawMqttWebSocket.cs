using System.Buffers.Binary;
using System.Net;
using System.Net.WebSockets;
using System.Text;

namespace Hiroba.TestSupport;

/// <summary>
/// MQTT 3.1.1 over a WebSocket, packet by packet as a hostile page could write it (mqtt.js would refuse some of it), for
/// mosquitto's public listener and the gateway's <c>/mqtt</c>.
/// </summary>
public sealed class RawMqttWebSocket : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>CONNACK return code 5, "not authorized".</summary>
    public const int NotAuthorized = 5;

    private const int ChunkBytes = 64 * 1024;
    private readonly ClientWebSocket _socket;
    private readonly HttpMessageInvoker? _connections;

    private RawMqttWebSocket(ClientWebSocket socket, HttpMessageInvoker? connections) =>
        (_socket, _connections) = (socket, connections);

    /// <summary>The close status the other side sent, once it closed the connection (e.g. 1013, try again later).</summary>
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>Opens a connection, from <paramref name="from"/> when given (any of 127.0.0.0/8, <see cref="ConnectionsFrom"/>).</summary>
    public static async Task<RawMqttWebSocket> OpenAsync(Uri uri, IPAddress? from = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        var connections = from is null ? null : new HttpMessageInvoker(ConnectionsFrom.Handler(from));
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await socket.ConnectAsync(uri, connections, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            connections?.Dispose();
            throw;
        }
        return new RawMqttWebSocket(socket, connections);
    }

    /// <summary>
    /// Tries to open a connection (from <paramref name="from"/> when given): the HTTP status its upgrade was refused with,
    /// or null when it opened (then closed).
    /// </summary>
    public static async Task<HttpStatusCode?> RefusedStatusAsync(Uri uri, IPAddress? from = null)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("mqtt");
        socket.Options.CollectHttpResponseDetails = true;
        using var connections = from is null ? null : new HttpMessageInvoker(ConnectionsFrom.Handler(from));
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await socket.ConnectAsync(uri, connections, timeout.Token);
        }
        catch (WebSocketException)
        {
            return socket.HttpStatusCode;
        }
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        return null;
    }

    /// <summary>Connects and returns the CONNACK's return code (0 accepted), or null when the connection closed instead.</summary>
    public static async Task<int?> ConnectAsync(Uri uri, string clientId, bool cleanSession = true, string? username = null, string? password = null)
    {
        await using var client = await OpenAsync(uri);
        return await client.SendConnectAsync(clientId, cleanSession, username, password);
    }

    /// <inheritdoc cref="ConnectAsync(Uri, string, bool, string?, string?)"/>
    public async Task<int?> SendConnectAsync(string clientId, bool cleanSession = true, string? username = null, string? password = null)
    {
        var connack = await ExchangeAsync(Connect(clientId, cleanSession, username, password));
        return connack is [0x20, 2, _, var returnCode] ? returnCode : null;
    }

    /// <summary>
    /// A CONNECT packet (keep-alive 60 s unless said otherwise): MQTT 3.1.1 (protocol level 4) unless
    /// <paramref name="protocolLevel"/> is 5, MQTT 5, which adds empty properties.
    /// </summary>
    public static byte[] Connect(
        string clientId, bool cleanSession = true, string? username = null, string? password = null, byte protocolLevel = 4,
        ushort keepAliveSeconds = 60)
    {
        var flags = (cleanSession ? 0x02 : 0) | (username is null ? 0 : 0x80) | (password is null ? 0 : 0x40);
        byte[][] parts =
        [
            String("MQTT"), [protocolLevel, (byte)flags, (byte)(keepAliveSeconds >> 8), (byte)keepAliveSeconds], protocolLevel == 5 ? [0] : [], String(clientId),
            username is null ? [] : String(username), password is null ? [] : String(password),
        ];
        return Packet(0x10, parts.SelectMany(part => part).ToArray());
    }

    /// <summary>Sends a packet in one frame and returns the next packet received, or null when the connection closed instead.</summary>
    public async Task<byte[]?> ExchangeAsync(byte[] packet)
    {
        try
        {
            await SendAsync(packet);
        }
        catch (WebSocketException)
        {
            return null;
        }
        return await ReceiveAsync();
    }

    /// <summary>Subscribes to <paramref name="topic"/> at QoS 0; true once the SUBACK grants it.</summary>
    public async Task<bool> SubscribeAsync(string topic) => await SubscribeForAsync(topic) == 0;

    /// <summary>
    /// Subscribes to <paramref name="filter"/> at QoS 0 with packet id 1, the SUBSCRIBE sent in frames of at most
    /// <paramref name="frameBytes"/>; the SUBACK's return code (0x80: refused), or null when the connection closed instead.
    /// </summary>
    public async Task<int?> SubscribeForAsync(string filter, int frameBytes = int.MaxValue)
    {
        var packet = Packet(0x82, [0, 1, .. String(filter), 0]);
        try
        {
            for (var sent = 0; sent < packet.Length; sent += frameBytes)
            {
                var size = Math.Min(frameBytes, packet.Length - sent);
                await SendAsync(packet.AsMemory(sent, size), endOfMessage: sent + size == packet.Length);
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
        return await ReceiveAsync() is [0x90, 3, 0, 1, var code] ? code : null;
    }

    /// <summary>The payload of the next packet as text when it is a QoS 0 PUBLISH; null when the connection closed instead.</summary>
    public async Task<string?> ReceivePublishedAsync()
    {
        var packet = await ReceiveAsync();
        if (packet is null)
        {
            return null;
        }
        Assert.True(packet[0] == 0x30, $"Expected a QoS 0 PUBLISH, received packet type 0x{packet[0]:X2}.");
        var position = 1;
        while ((packet[position++] & 0x80) != 0)
        {
            // The remaining length's digits.
        }
        var topicLength = BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(position));
        return Encoding.UTF8.GetString(packet.AsSpan(position + 2 + topicLength));
    }

    /// <summary>
    /// Sends a QoS 1 PUBLISH of <paramref name="payloadBytes"/> in 64 KiB frames, as a page could; returns the PUBACK's
    /// arrival, or false when the connection was closed first (also while sending).
    /// </summary>
    public async Task<bool> PublishAsync(string topic, int payloadBytes)
    {
        var variableHeader = String(topic).Concat<byte>([0, 1]).ToArray();
        var header = new byte[] { 0x32 }.Concat(RemainingLength(variableHeader.Length + payloadBytes)).Concat(variableHeader).ToArray();
        var chunk = new byte[ChunkBytes];
        try
        {
            await SendAsync(header, endOfMessage: payloadBytes == 0);
            for (var sent = 0; sent < payloadBytes; sent += ChunkBytes)
            {
                var size = Math.Min(ChunkBytes, payloadBytes - sent);
                await SendAsync(chunk.AsMemory(0, size), endOfMessage: sent + size == payloadBytes);
            }
        }
        catch (WebSocketException)
        {
            return false;
        }
        return await ReceiveAsync() is [0x40, 2, 0, 1];
    }

    /// <summary>True once the other side has closed the connection (null from <see cref="ReceiveAsync"/>).</summary>
    public async Task<bool> IsClosedAsync() => await ReceiveAsync() is null;

    /// <summary>The next MQTT packet; null when the connection closed or failed.</summary>
    public async Task<byte[]?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var packet = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }
                packet.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return packet.ToArray();
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (WebSocketException)
            {
                // Closed by the other side meanwhile.
            }
        }
        _socket.Dispose();
        _connections?.Dispose();
    }

    private async Task SendAsync(ReadOnlyMemory<byte> bytes, bool endOfMessage = true)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, endOfMessage, timeout.Token);
    }

    private static byte[] Packet(byte type, byte[] body) => [type, .. RemainingLength(body.Length), .. body];

    private static byte[] String(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        var encoded = new byte[2 + bytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(encoded, (ushort)bytes.Length);
        bytes.CopyTo(encoded, 2);
        return encoded;
    }

    private static byte[] RemainingLength(int value)
    {
        List<byte> bytes = [];
        do
        {
            var digit = (byte)(value % 128);
            value /= 128;
            bytes.Add(value > 0 ? (byte)(digit | 0x80) : digit);
        }
        while (value > 0);
        return [.. bytes];
    }
}
