using System.Buffers;
using Hiroba.Mqtt.Protocol;
using Hiroba.Mqtt.Tests.Support;

namespace Hiroba.Mqtt.Tests.Protocol;

/// <summary>
/// Feeds the decoder random and mutated byte streams (seeded, so a failure reproduces) and checks
/// that it only ever returns packets, asks for more bytes or throws <see cref="MqttProtocolException"/>.
/// Any other exception (index out of range, overflow, out of memory...) fails the test.
/// </summary>
public class MqttPacketDecoderFuzzTests
{
    private const int MaxPacketSize = 4096;
    private const int Cases = 5000;

    private static readonly byte[][] ValidPackets =
    [
        [0x20, 0x02, 0x00, 0x00],
        [0x20, 0x02, 0x01, 0x05],
        [0x30, 0x07, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', (byte)'h', (byte)'i'],
        [0x32, 0x09, 0x00, 0x03, (byte)'a', (byte)'/', (byte)'b', 0x00, 0x07, (byte)'h', (byte)'i'],
        [0x3B, 0x05, 0x00, 0x01, (byte)'t', 0x12, 0x34],
        [0x40, 0x02, 0x00, 0x07],
        [0x90, 0x04, 0x00, 0x02, 0x01, 0x80],
        [0xB0, 0x02, 0x00, 0x03],
        [0xD0, 0x00],
        [0x30, 0x82, 0x01, 0x00, 0x01, (byte)'x', .. new byte[127]],
    ];

    [Fact]
    public void Random_byte_streams_yield_only_packets_or_protocol_errors()
    {
        var random = new Random(20261121);
        for (var i = 0; i < Cases; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            DecodeAll(bytes, random, $"random case {i}");
        }
    }

    [Fact]
    public void Random_streams_with_plausible_headers_yield_only_packets_or_protocol_errors()
    {
        var random = new Random(4711);
        for (var i = 0; i < Cases; i++)
        {
            var body = new byte[random.Next(0, 200)];
            random.NextBytes(body);
            var header = new byte[5];
            header[0] = (byte)(random.Next(16) << 4 | (random.Next(4) == 0 ? random.Next(16) : 0));
            var lengthSize = RemainingLength.Write(header.AsSpan(1), random.Next(3) == 0 ? random.Next(0, 70_000) : body.Length);
            DecodeAll([.. header[..(1 + lengthSize)], .. body], random, $"header case {i}");
        }
    }

    [Fact]
    public void Mutated_valid_streams_yield_only_packets_or_protocol_errors()
    {
        var random = new Random(1883);
        for (var i = 0; i < Cases; i++)
        {
            var stream = Enumerable.Range(0, random.Next(1, 6)).SelectMany(_ => ValidPackets[random.Next(ValidPackets.Length)]).ToList();
            Mutate(stream, random);
            DecodeAll([.. stream], random, $"mutation case {i}");
        }
    }

    [Fact]
    public void Unmutated_valid_streams_decode_completely()
    {
        var random = new Random(8883);
        for (var i = 0; i < 500; i++)
        {
            var chosen = Enumerable.Range(0, random.Next(1, 6)).Select(_ => ValidPackets[random.Next(ValidPackets.Length)]).ToArray();
            var decoded = DecodeAll([.. chosen.SelectMany(p => p)], random, $"valid case {i}");
            Assert.Equal(chosen.Length, decoded);
        }
    }

    private static void Mutate(List<byte> stream, Random random)
    {
        for (var m = random.Next(1, 4); m > 0 && stream.Count > 0; m--)
        {
            var at = random.Next(stream.Count);
            switch (random.Next(5))
            {
                case 0:
                    stream[at] = (byte)random.Next(256);
                    break;
                case 1:
                    stream[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    stream.RemoveRange(at, random.Next(1, Math.Min(8, stream.Count - at) + 1));
                    break;
                case 3:
                    stream.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    stream[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                    break;
            }
        }
    }

    /// <summary>Decodes until the stream is exhausted, incomplete or malformed; returns how many packets came out.</summary>
    private static int DecodeAll(byte[] bytes, Random random, string label)
    {
        var buffer = SegmentedSequence.Split(bytes, random, maxSegments: 4);
        var topics = new TopicNameCache();
        var decoded = 0;
        try
        {
            while (true)
            {
                var before = buffer.Length;
                if (!MqttPacketDecoder.TryDecode(ref buffer, MaxPacketSize, topics, out var packet))
                {
                    Assert.Equal(before, buffer.Length);
                    return decoded;
                }

                Assert.True(buffer.Length < before, $"{label}: a decoded packet must consume bytes");
                Assert.True(Enum.IsDefined(packet.Type), $"{label}: unknown packet type {packet.Type}");
                Assert.True(packet.Message is null || packet.Message.Payload.Length < MaxPacketSize, $"{label}: payload above the limit");
                decoded++;
            }
        }
        catch (MqttProtocolException)
        {
            return decoded;
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"{label}: the decoder threw {exception.GetType().Name} for {Convert.ToHexString(bytes)}: {exception}");
            return decoded;
        }
    }
}
