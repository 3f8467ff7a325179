using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Hiroba.LocalComponents;

/// <summary>One-shot checks that a local server answers (on 127.0.0.1 unless told); each returns false instead of throwing.</summary>
public static class ReadinessProbes
{
    private static readonly TimeSpan StunAnswerTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly HttpClient LocalHttp = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
    private const ushort StunBindingRequest = 0x0001;
    private const ushort StunBindingSuccess = 0x0101;
    private const uint StunMagicCookie = 0x2112A442;

    public static Task<bool> TcpAcceptsAsync(int port, CancellationToken cancellationToken) =>
        TcpAcceptsAsync(IPAddress.Loopback, port, cancellationToken);

    public static async Task<bool> TcpAcceptsAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        try
        {
            await client.ConnectAsync(address, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static Task<bool> StunAnswersAsync(int port, CancellationToken cancellationToken) =>
        StunAnswersAsync(IPAddress.Loopback, port, cancellationToken);

    /// <summary>Sends a STUN Binding Request over UDP and waits briefly for a Binding Success Response (0x0101).</summary>
    public static async Task<bool> StunAnswersAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var request = new byte[20];
        BinaryPrimitives.WriteUInt16BigEndian(request, StunBindingRequest);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), StunMagicCookie);
        Random.Shared.NextBytes(request.AsSpan(8, 12));

        using var udp = new UdpClient(new IPEndPoint(address, 0));
        using var answerWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        answerWait.CancelAfter(StunAnswerTimeout);
        try
        {
            await udp.SendAsync(request, new IPEndPoint(address, port), answerWait.Token);
            while (true)
            {
                var answer = (await udp.ReceiveAsync(answerWait.Token)).Buffer;
                if (answer.Length >= 20
                    && BinaryPrimitives.ReadUInt16BigEndian(answer) == StunBindingSuccess
                    && answer.AsSpan(8, 12).SequenceEqual(request.AsSpan(8, 12)))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            // ICMP port unreachable surfaces as ConnectionReset on the next receive.
            return false;
        }
    }

    /// <summary>True when a GET answers 200.</summary>
    public static async Task<bool> HttpOkAsync(HttpClient client, Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>True when Janus's REST API at <paramref name="apiUrl"/> (e.g. <c>http://127.0.0.1:8088/janus</c>) answers <c>GET /info</c>.</summary>
    public static Task<bool> JanusAnswersAsync(Uri apiUrl, CancellationToken cancellationToken) =>
        HttpOkAsync(LocalHttp, new Uri($"{apiUrl}/info"), cancellationToken);
}
