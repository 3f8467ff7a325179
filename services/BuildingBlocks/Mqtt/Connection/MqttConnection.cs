using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Hiroba.Mqtt.Protocol;

namespace Hiroba.Mqtt.Connection;

/// <summary>
/// One TCP connection to the broker, from CONNECT to close. Three loops run on it: the reader
/// (decodes packets and hands them to the session), the writer (the only one touching the socket's
/// send side; it drains the outgoing queue into one buffer per socket write, which coalesces
/// packets from many publishers) and the keepalive watchdog. The first failure of any loop ends the
/// connection and becomes the result of <see cref="Closed"/>.
/// </summary>
internal sealed class MqttConnection : IAsyncDisposable
{
    private const int SendBufferFlushThreshold = 64 * 1024;
    private const int ReceiveSegmentSize = 64 * 1024;

    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly MqttClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<OutgoingPacket> _outgoing;
    private readonly ArrayBufferWriter<byte> _sendBuffer = new(SendBufferFlushThreshold);
    private readonly TopicNameCache _topics = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlySequence<byte> _received;
    private bool _hasReceived;
    private bool _inputCompleted;
    private long _lastSent;
    private long _lastReceived;
    private long _lastPing;
    private Task _writer = Task.CompletedTask;
    private Task _loops = Task.CompletedTask;

    private MqttConnection(int number, Socket socket, MqttClientOptions options, TimeProvider timeProvider)
    {
        Number = number;
        _socket = socket;
        _options = options;
        _timeProvider = timeProvider;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: ReceiveSegmentSize, leaveOpen: true));
        _outgoing = Channel.CreateBounded<OutgoingPacket>(new BoundedChannelOptions(options.OutgoingQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _lastSent = _lastReceived = _lastPing = timeProvider.GetTimestamp();
    }

    /// <summary>1 for the client's first connection, then one more per reconnection.</summary>
    public int Number { get; }

    public bool SessionPresent { get; private set; }

    /// <summary>Completes when the connection ends: null when closed on purpose, else why it failed.</summary>
    public Task<Exception?> Closed => _closed.Task;

    /// <summary>Connects, sends CONNECT and waits for an accepting CONNACK, all within <see cref="MqttClientOptions.ConnectTimeout"/>.</summary>
    public static async Task<MqttConnection> OpenAsync(int number, MqttClientOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.ConnectTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        MqttConnection? connection = null;
        try
        {
            await socket.ConnectAsync(options.Host, options.Port, linked.Token);
            connection = new MqttConnection(number, socket, options, timeProvider);
            await connection.HandshakeAsync(linked.Token);
            return connection;
        }
        catch (Exception exception) when (exception is not MqttException)
        {
            await DisposeAfterFailedOpenAsync(connection, socket);
            cancellationToken.ThrowIfCancellationRequested();
            var what = $"Could not connect to the MQTT broker at {options.Host}:{options.Port}";
            throw timeout.IsCancellationRequested
                ? new MqttException($"{what} within {options.ConnectTimeout.TotalSeconds:0.###} s.", exception)
                : new MqttException($"{what}: {exception.Message}", exception);
        }
        catch
        {
            await DisposeAfterFailedOpenAsync(connection, socket);
            throw;
        }
    }

    /// <summary>
    /// Starts the reader, writer and keepalive loops; the reader passes every packet to <paramref name="onPacket"/>,
    /// which must not block: acknowledgements are read only after the packets before them.
    /// </summary>
    public void Start(Action<MqttConnection, IncomingPacket> onPacket)
    {
        _writer = RunGuardedAsync(WriteLoopAsync);
        var loops = new List<Task> { _writer, RunGuardedAsync(() => ReadLoopAsync(onPacket)) };
        if (_options.KeepAlive > TimeSpan.Zero)
        {
            loops.Add(RunGuardedAsync(KeepAliveLoopAsync));
        }

        _loops = Task.WhenAll(loops);
    }

    /// <summary>Queues a packet for the writer; waits while the queue is full. Throws <see cref="MqttConnectionLostException"/> once the connection has ended.</summary>
    public ValueTask SendAsync(in OutgoingPacket packet, CancellationToken cancellationToken)
    {
        if (_outgoing.Writer.TryWrite(packet))
        {
            return ValueTask.CompletedTask;
        }

        return WaitAndSendAsync(packet, cancellationToken);
    }

    /// <summary>Sends DISCONNECT after everything already queued, waits for it to be written, then closes the socket.</summary>
    public async Task CloseGracefullyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(OutgoingPacket.Disconnect, cancellationToken);
            _outgoing.Writer.TryComplete();
            await _writer.WaitAsync(cancellationToken);
        }
        catch (MqttConnectionLostException)
        {
            // Already gone: nothing to say goodbye to.
        }
        finally
        {
            End(null);
        }
    }

    /// <summary>Closes the socket at once, without DISCONNECT.</summary>
    public void Abort() => End(null);

    public async ValueTask DisposeAsync()
    {
        End(null);
        await _loops;
        await _input.CompleteAsync();
        await _stream.DisposeAsync();
        _lifetime.Dispose();
    }

    private static async Task DisposeAfterFailedOpenAsync(MqttConnection? connection, Socket socket)
    {
        if (connection is null)
        {
            socket.Dispose();
        }
        else
        {
            await connection.DisposeAsync();
        }
    }

    private async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        MqttPacketEncoder.WriteConnect(_sendBuffer, _options);
        await WriteBufferAsync(cancellationToken);
        var connAck = await ReadPacketAsync(cancellationToken);
        if (connAck.Type != MqttPacketType.ConnAck)
        {
            throw new MqttProtocolException($"Expected CONNACK as the first packet, got {connAck.Type}.");
        }

        if (connAck.ConnectReturnCode != 0)
        {
            throw new MqttConnectionRefusedException(connAck.ConnectReturnCode);
        }

        SessionPresent = connAck.SessionPresent;
    }

    private async Task ReadLoopAsync(Action<MqttConnection, IncomingPacket> onPacket)
    {
        var token = _lifetime.Token;
        while (true)
        {
            onPacket(this, await ReadPacketAsync(token));
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IncomingPacket> ReadPacketAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_hasReceived)
            {
                if (MqttPacketDecoder.TryDecode(ref _received, _options.MaxPacketSize, _topics, out var packet))
                {
                    Volatile.Write(ref _lastReceived, _timeProvider.GetTimestamp());
                    return packet;
                }

                _input.AdvanceTo(_received.Start, _received.End);
                _hasReceived = false;
                if (_inputCompleted)
                {
                    throw new MqttConnectionLostException(_received.IsEmpty
                        ? "The broker closed the connection."
                        : "The broker closed the connection in the middle of a packet.");
                }
            }

            var result = await _input.ReadAsync(cancellationToken);
            _received = result.Buffer;
            _inputCompleted = result.IsCompleted;
            _hasReceived = true;
        }
    }

    private async Task WriteLoopAsync()
    {
        var token = _lifetime.Token;
        var queue = _outgoing.Reader;
        while (await queue.WaitToReadAsync(token))
        {
            while (_sendBuffer.WrittenCount < SendBufferFlushThreshold && queue.TryRead(out var packet))
            {
                MqttPacketEncoder.Write(_sendBuffer, packet);
            }

            await WriteBufferAsync(token);
        }
    }

    private async ValueTask WriteBufferAsync(CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(_sendBuffer.WrittenMemory, cancellationToken);
        _sendBuffer.ResetWrittenCount();
        Volatile.Write(ref _lastSent, _timeProvider.GetTimestamp());
    }

    /// <summary>
    /// Sends PINGREQ when nothing was sent, or nothing received, for a keepalive period, and declares
    /// the connection dead when nothing at all arrived for 1.5 periods (the server's own rule, §3.1.2.10)
    /// and a PINGREQ sent meanwhile went unanswered for half a period. Without the PINGREQ a stall of this
    /// process (a busy machine, a long GC) would end a healthy connection that was never asked.
    /// </summary>
    private async Task KeepAliveLoopAsync()
    {
        var keepAlive = _options.KeepAlive;
        var deadAfter = keepAlive * 1.5;
        using var timer = new PeriodicTimer(keepAlive / 4, _timeProvider);
        while (await timer.WaitForNextTickAsync(_lifetime.Token))
        {
            var lastReceived = Volatile.Read(ref _lastReceived);
            var silence = _timeProvider.GetElapsedTime(lastReceived);
            var sincePing = _timeProvider.GetElapsedTime(_lastPing);
            if (silence >= deadAfter && _lastPing > lastReceived && sincePing >= keepAlive / 2)
            {
                throw new MqttConnectionLostException(
                    $"Nothing received from the broker for {silence.TotalSeconds:0.#} s (keepalive {keepAlive.TotalSeconds:0} s); the connection is dead.");
            }

            var idle = _timeProvider.GetElapsedTime(Volatile.Read(ref _lastSent));
            if (idle >= keepAlive || (silence >= keepAlive && sincePing >= keepAlive / 2))
            {
                _lastPing = _timeProvider.GetTimestamp();
                await SendAsync(OutgoingPacket.PingReq, _lifetime.Token);
            }
        }
    }

    private async ValueTask WaitAndSendAsync(OutgoingPacket packet, CancellationToken cancellationToken)
    {
        try
        {
            await _outgoing.Writer.WriteAsync(packet, cancellationToken);
        }
        catch (ChannelClosedException exception)
        {
            throw new MqttConnectionLostException("The connection to the MQTT broker has ended.", exception);
        }
    }

    private async Task RunGuardedAsync(Func<Task> loop)
    {
        try
        {
            await loop();
        }
        catch (Exception exception)
        {
            End(_lifetime.IsCancellationRequested ? null : exception);
            return;
        }

        // The writer ends normally after a graceful close; the others only end through an exception.
        End(null);
    }

    private void End(Exception? reason)
    {
        if (!_closed.TrySetResult(reason))
        {
            return;
        }

        _outgoing.Writer.TryComplete();
        _lifetime.Cancel();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // The peer may have reset the connection already; closing below is what matters.
        }

        _socket.Close();
    }
}
