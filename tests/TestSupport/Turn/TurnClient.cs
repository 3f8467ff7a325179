using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Hiroba.Turn;

namespace Hiroba.TestSupport.Turn;

/// <summary>
/// A TURN client (RFC 8656, and the TCP allocation of RFC 6062) that speaks to coturn the way any holder of a TURN REST
/// credential could, browser or not: one allocation, permissions for peers, data by Send indication.
/// </summary>
public sealed class TurnClient : IAsyncDisposable
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private const ushort AllocateRequest = 0x0003;
    private const ushort CreatePermissionRequest = 0x0008;
    private const ushort SendIndication = 0x0016;
    private const ushort SuccessClass = 0x0100;
    private const ushort Username = 0x0006;
    private const ushort Lifetime = 0x000D;
    private const ushort XorPeerAddress = 0x0012;
    private const ushort Data = 0x0013;
    private const ushort Realm = 0x0014;
    private const ushort Nonce = 0x0015;
    private const ushort XorRelayedAddress = 0x0016;
    private const ushort RequestedTransport = 0x0019;
    private const int Unauthenticated = 401;
    private const int StaleNonce = 438;

    private readonly IPEndPoint _server;
    private readonly UdpClient? _udp;
    private readonly TcpClient? _tcp;
    private string? _username;
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;

    private TurnClient(IPEndPoint server, UdpClient? udp, TcpClient? tcp)
    {
        _server = server;
        _udp = udp;
        _tcp = tcp;
    }

    /// <summary>A client that reaches coturn over UDP (as browsers do with <c>turn:…?transport=udp</c>).</summary>
    public static TurnClient OverUdp(IPEndPoint server) => new(server, new UdpClient(new IPEndPoint(IPAddress.Loopback, 0)), null);

    /// <summary>A client that reaches coturn over TCP (<c>turn:…?transport=tcp</c>, and the control connection of RFC 6062).</summary>
    public static async Task<TurnClient> OverTcpAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient(server.AddressFamily);
        await tcp.ConnectAsync(server, cancellationToken);
        return new TurnClient(server, null, tcp);
    }

    /// <summary>A client over UDP with a UDP relay, allocated with a credential made from coturn's secret.</summary>
    public static async Task<TurnClient> WithUdpRelayAsync(IPEndPoint server, string secret)
    {
        var turn = OverUdp(server);
        var allocation = await turn.AllocateAsync(secret, TurnRelay.Udp, CancellationToken.None);
        Assert.True(allocation.Succeeded, allocation.ToString());
        return turn;
    }

    /// <summary>
    /// Allocates a relay with a TURN REST credential made from <paramref name="secret"/>, as Rooms hands them out, by the
    /// long-term credential mechanism (the first request learns realm and nonce from the 401).
    /// </summary>
    public async Task<TurnAnswer> AllocateAsync(string secret, TurnRelay relay, CancellationToken cancellationToken)
    {
        var credential = TurnRestCredentials.Create(secret, "test", DateTimeOffset.UtcNow.AddHours(1));
        _username = credential.Username;
        var first = await RequestAsync(AllocateRequest, AllocateAttributes(relay), cancellationToken);
        if (first.ErrorCode != Unauthenticated)
        {
            return TurnAnswer.From(first, XorRelayedAddress);
        }
        _realm = first.TextAttribute(Realm);
        _nonce = first.TextAttribute(Nonce);
        _key = MD5.HashData(Encoding.UTF8.GetBytes($"{credential.Username}:{_realm}:{credential.Password}"));
        return TurnAnswer.From(await AuthenticatedRequestAsync(AllocateRequest, AllocateAttributes(relay), cancellationToken), XorRelayedAddress);
    }

    /// <summary>Asks for a permission to exchange data with <paramref name="peer"/> (any port of that address).</summary>
    public async Task<TurnAnswer> CreatePermissionAsync(IPAddress peer, CancellationToken cancellationToken) =>
        TurnAnswer.From(
            await AuthenticatedRequestAsync(CreatePermissionRequest, message => message.Add(XorPeerAddress, message.XorAddress(new IPEndPoint(peer, 0))), cancellationToken),
            XorRelayedAddress);

    /// <summary>Relays <paramref name="data"/> to <paramref name="peer"/>; coturn drops it silently without a permission.</summary>
    public async Task SendAsync(IPEndPoint peer, byte[] data, CancellationToken cancellationToken)
    {
        var indication = new StunMessage(SendIndication);
        indication.Add(XorPeerAddress, indication.XorAddress(peer)).Add(Data, data);
        await WriteAsync(indication.Encode(), cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _udp?.Dispose();
        _tcp?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static Action<StunMessage> AllocateAttributes(TurnRelay relay) => message => message
        .Add(RequestedTransport, [(byte)relay, 0, 0, 0])
        .Add(Lifetime, [0, 0, 0x02, 0x58]);

    private async Task<StunMessage> AuthenticatedRequestAsync(ushort type, Action<StunMessage> addAttributes, CancellationToken cancellationToken)
    {
        if (_key is null)
        {
            throw new InvalidOperationException("Allocate first: the realm, nonce and key come with the allocation.");
        }
        var answer = await RequestAsync(type, message => Authenticate(message, addAttributes), cancellationToken);
        if (answer.ErrorCode == StaleNonce)
        {
            _nonce = answer.TextAttribute(Nonce);
            answer = await RequestAsync(type, message => Authenticate(message, addAttributes), cancellationToken);
        }
        return answer;
    }

    private void Authenticate(StunMessage message, Action<StunMessage> addAttributes)
    {
        addAttributes(message);
        message.Add(Username, _username!).Add(Realm, _realm!).Add(Nonce, _nonce!);
    }

    private async Task<StunMessage> RequestAsync(ushort type, Action<StunMessage> addAttributes, CancellationToken cancellationToken)
    {
        var request = new StunMessage(type);
        addAttributes(request);
        await WriteAsync(request.Encode(request.Attribute(Username) is null ? null : _key), cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        while (true)
        {
            var answer = await ReadAsync(timeout.Token);
            if (answer is not null && answer.TransactionId.AsSpan().SequenceEqual(request.TransactionId)
                && (answer.Type & ~0x0110) == type && (answer.Type & 0x0100) != 0)
            {
                return answer;
            }
        }
    }

    private async Task WriteAsync(byte[] message, CancellationToken cancellationToken)
    {
        if (_udp is not null)
        {
            await _udp.SendAsync(message, _server, cancellationToken);
        }
        else
        {
            await _tcp!.GetStream().WriteAsync(message, cancellationToken);
        }
    }

    private async Task<StunMessage?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_udp is not null)
        {
            return StunMessage.Decode((await _udp.ReceiveAsync(cancellationToken)).Buffer);
        }
        var stream = _tcp!.GetStream();
        var header = new byte[StunMessage.HeaderLength];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var message = new byte[StunMessage.HeaderLength + BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2))];
        header.CopyTo(message, 0);
        await stream.ReadExactlyAsync(message.AsMemory(StunMessage.HeaderLength), cancellationToken);
        return StunMessage.Decode(message);
    }

    internal static bool IsSuccess(ushort type) => (type & 0x0110) == SuccessClass;
}

/// <summary>The transport of a relay, as REQUESTED-TRANSPORT names it (an IP protocol number).</summary>
public enum TurnRelay : byte
{
    /// <summary>A TCP relay (RFC 6062); browsers never ask for one.</summary>
    Tcp = 6,

    /// <summary>A UDP relay (RFC 8656), what browsers use.</summary>
    Udp = 17,
}

/// <summary>What coturn answered a request: success (with the relayed address of an allocation), or an error code such as 403.</summary>
public sealed record TurnAnswer(bool Succeeded, int? ErrorCode, string? ErrorReason, IPEndPoint? RelayedAddress)
{
    /// <summary>The peer's address is not allowed (RFC 8656 §12).</summary>
    public const int Forbidden = 403;

    /// <summary>The server gives no relay of the requested transport.</summary>
    public const int UnsupportedTransportProtocol = 442;

    internal static TurnAnswer From(StunMessage answer, ushort relayedAddressType) =>
        new(TurnClient.IsSuccess(answer.Type), answer.ErrorCode, answer.ErrorReason, answer.ReadXorAddress(relayedAddressType));

    public override string ToString() => Succeeded ? $"success {RelayedAddress}" : $"error {ErrorCode} {ErrorReason}";
}
