using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Hiroba.TestSupport.Turn;

/// <summary>
/// One STUN message (RFC 8489) with the attributes TURN (RFC 8656) needs: built for sending, with MESSAGE-INTEGRITY of
/// the long-term credential mechanism, or parsed from what the server answered.
/// </summary>
internal sealed class StunMessage
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;

    private const ushort MessageIntegrityType = 0x0008;
    private const int MessageIntegrityLength = 20;

    private readonly List<(ushort Type, byte[] Value)> _attributes = [];

    public StunMessage(ushort type, byte[]? transactionId = null)
    {
        Type = type;
        TransactionId = transactionId ?? RandomNumberGenerator.GetBytes(12);
    }

    public ushort Type { get; }

    public byte[] TransactionId { get; }

    public StunMessage Add(ushort type, byte[] value)
    {
        _attributes.Add((type, value));
        return this;
    }

    public StunMessage Add(ushort type, string value) => Add(type, Encoding.UTF8.GetBytes(value));

    public byte[]? Attribute(ushort type) => _attributes.FirstOrDefault(attribute => attribute.Type == type).Value;

    public string? TextAttribute(ushort type) => Attribute(type) is { } value ? Encoding.UTF8.GetString(value) : null;

    /// <summary>The message on the wire; with a key, MESSAGE-INTEGRITY (HMAC-SHA1 over everything before it) ends it.</summary>
    public byte[] Encode(byte[]? integrityKey = null)
    {
        var attributesLength = _attributes.Sum(attribute => 4 + Padded(attribute.Value.Length));
        var length = attributesLength + (integrityKey is null ? 0 : 4 + MessageIntegrityLength);
        var message = new byte[HeaderLength + length];
        BinaryPrimitives.WriteUInt16BigEndian(message, Type);
        // The length counts MESSAGE-INTEGRITY itself, also while the HMAC over the preceding bytes is computed.
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(4), MagicCookie);
        TransactionId.CopyTo(message, 8);
        var position = HeaderLength;
        foreach (var (type, value) in _attributes)
        {
            position = WriteAttribute(message, position, type, value);
        }
        if (integrityKey is not null)
        {
            var mac = HMACSHA1.HashData(integrityKey, message.AsSpan(0, position));
            WriteAttribute(message, position, MessageIntegrityType, mac);
        }
        return message;
    }

    /// <summary>Reads a whole message; null when the bytes are not one.</summary>
    public static StunMessage? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || BinaryPrimitives.ReadUInt32BigEndian(bytes[4..]) != MagicCookie)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]);
        if (bytes.Length < HeaderLength + length)
        {
            return null;
        }
        var message = new StunMessage(BinaryPrimitives.ReadUInt16BigEndian(bytes), bytes[8..HeaderLength].ToArray());
        var position = HeaderLength;
        while (position + 4 <= HeaderLength + length)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(bytes[position..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(bytes[(position + 2)..]);
            if (position + 4 + valueLength > HeaderLength + length)
            {
                return null;
            }
            message.Add(type, bytes.Slice(position + 4, valueLength).ToArray());
            position += 4 + Padded(valueLength);
        }
        return message;
    }

    /// <summary>An XOR-MAPPED-ADDRESS, XOR-PEER-ADDRESS or XOR-RELAYED-ADDRESS value.</summary>
    public byte[] XorAddress(IPEndPoint endPoint)
    {
        var address = endPoint.Address.GetAddressBytes();
        var value = new byte[4 + address.Length];
        value[1] = endPoint.AddressFamily == AddressFamily.InterNetwork ? (byte)0x01 : (byte)0x02;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(endPoint.Port ^ (MagicCookie >> 16)));
        var mask = XorMask();
        for (var i = 0; i < address.Length; i++)
        {
            value[4 + i] = (byte)(address[i] ^ mask[i]);
        }
        return value;
    }

    public IPEndPoint? ReadXorAddress(ushort type)
    {
        if (Attribute(type) is not { Length: 8 or 20 } value)
        {
            return null;
        }
        var mask = XorMask();
        var address = new byte[value.Length - 4];
        for (var i = 0; i < address.Length; i++)
        {
            address[i] = (byte)(value[4 + i] ^ mask[i]);
        }
        var port = BinaryPrimitives.ReadUInt16BigEndian(value.AsSpan(2)) ^ (int)(MagicCookie >> 16);
        return new IPEndPoint(new IPAddress(address), port);
    }

    /// <summary>ERROR-CODE as class × 100 + number, e.g. 403; null in a success response.</summary>
    public int? ErrorCode => Attribute(0x0009) is { Length: >= 4 } value ? (value[2] & 0x07) * 100 + value[3] : null;

    public string? ErrorReason => Attribute(0x0009) is { Length: >= 4 } value ? Encoding.UTF8.GetString(value.AsSpan(4)) : null;

    /// <summary>The cookie followed by the transaction id: an IPv4 address uses the first 4 bytes, IPv6 all 16.</summary>
    private byte[] XorMask()
    {
        var mask = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, MagicCookie);
        TransactionId.CopyTo(mask, 4);
        return mask;
    }

    private static int WriteAttribute(byte[] message, int position, ushort type, byte[] value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(position), type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(position + 2), (ushort)value.Length);
        value.CopyTo(message, position + 4);
        return position + 4 + Padded(value.Length);
    }

    private static int Padded(int length) => (length + 3) & ~3;
}
