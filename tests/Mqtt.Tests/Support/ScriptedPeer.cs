using System.Net;
using System.Net.Sockets;
using Hiroba.TestSupport;

namespace Hiroba.Mqtt.Tests.Support;

/// <summary>
/// A raw TCP listener on 127.0.0.1 that plays the broker's part byte by byte: for malformed,
/// oversized or silent peers, and to observe exactly what the client puts on the wire.
/// </summary>
internal sealed class ScriptedPeer : IDisposable
{
    public static readonly byte[] ConnAckAccepted = [0x20, 0x02, 0x00, 0x00];

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<PeerConnection> _connections = [];

    public ScriptedPeer() => _listener.Start();

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public MqttClientOptions ClientOptions() => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        ClientId = "scripted",
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AckTimeout = TimeSpan.FromSeconds(30),
        MaxPacketSize = 64 * 1024,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Creates a client, accepts its connection and lets ConnectAsync succeed with an accepting CONNACK.</summary>
    public async Task<(MqttClient Client, PeerConnection Connection)> ConnectClientAsync(
        MqttClientOptions? options = null, MqttMessageHandler? onMessage = null, RecordingLogger<MqttClient>? logger = null)
    {
        var client = BrokerClients.Create(options ?? ClientOptions(), onMessage, logger);
        var connecting = client.ConnectAsync(CancellationToken.None);
        var connection = await AcceptAsync();
        await connection.SendAsync(ConnAckAccepted);
        await connecting;
        return (client, connection);
    }

    /// <summary>Accepts the next connection and reads its CONNECT.</summary>
    public async Task<PeerConnection> AcceptAsync()
    {
        var socket = await _listener.AcceptSocketAsync().WaitAsync(Eventually.DefaultTimeout);
        var connection = new PeerConnection(socket);
        _connections.Add(connection);
        var (type, _) = await connection.ReadPacketAsync();
        Assert.Equal(0x10, type);
        return connection;
    }

    public void Dispose()
    {
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        _listener.Stop();
    }
}

internal sealed class PeerConnection(Socket socket) : IDisposable
{
    private readonly NetworkStream _stream = new(socket, ownsSocket: true);

    public Task SendAsync(params byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    /// <summary>Reads one packet: its first byte and its body.</summary>
    public async Task<(byte First, byte[] Body)> ReadPacketAsync()
    {
        var first = await ReadExactlyAsync(1);
        var length = 0;
        for (var shift = 0; ; shift += 7)
        {
            var digit = (await ReadExactlyAsync(1))[0];
            length |= (digit & 0x7F) << shift;
            if ((digit & 0x80) == 0)
            {
                break;
            }
        }

        return (first[0], await ReadExactlyAsync(length));
    }

    /// <summary>Reads and discards until the client closes the connection.</summary>
    public async Task WaitForCloseAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(buffer).AsTask().WaitAsync(Eventually.DefaultTimeout) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a close too.
        }
    }

    public void Dispose() => _stream.Dispose();

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        var bytes = new byte[count];
        await _stream.ReadExactlyAsync(bytes).AsTask().WaitAsync(Eventually.DefaultTimeout);
        return bytes;
    }
}
