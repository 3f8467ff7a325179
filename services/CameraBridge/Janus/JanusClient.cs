using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Hiroba.CameraBridge.Janus;

/// <summary>
/// Janus's REST API (the HTTP transport): requests are POSTed to the root, a session or a handle, each with a
/// transaction and the API secret; events come from a long poll on the session (<see cref="JanusSession"/>).
/// </summary>
public sealed class JanusClient(HttpClient http, IOptions<JanusOptions> options, ILogger<JanusClient> logger)
{
    /// <summary>Janus answers a long poll after at most 30 s (with a keep-alive when nothing happened).</summary>
    private static readonly TimeSpan LongPollWait = TimeSpan.FromSeconds(30);
    private const int EventsPerPoll = 10;

    private readonly JanusOptions _options = options.Value;

    public bool IsConfigured => _options.Url is not null;

    /// <summary>A new session with its event loop running.</summary>
    public async Task<JanusSession> CreateSessionAsync(CancellationToken cancellationToken) =>
        new(this, await CreateSessionIdAsync(cancellationToken), _options.RequestTimeout, logger);

    /// <summary>Opens a session and destroys it again: Janus answers and takes the API secret.</summary>
    public async Task ProbeAsync(CancellationToken cancellationToken) =>
        await DestroySessionAsync(await CreateSessionIdAsync(cancellationToken), cancellationToken);

    internal Task<JanusReply> DestroySessionAsync(long session, CancellationToken cancellationToken) =>
        PostAsync(SessionUrl(session), new JsonObject { ["janus"] = "destroy" }, NewTransaction(), cancellationToken);

    internal static string NewTransaction() => RandomNumberGenerator.GetHexString(16, lowercase: true);

    internal Uri SessionUrl(long session) => new($"{Root}/{session}");

    internal Uri HandleUrl(long session, long handle) => new($"{Root}/{session}/{handle}");

    /// <exception cref="JanusException">Janus cannot be reached or did not answer in time (code 0).</exception>
    internal async Task<JanusReply> PostAsync(Uri url, JsonObject request, string transaction, CancellationToken cancellationToken)
    {
        request["transaction"] = transaction;
        request["apisecret"] = _options.ApiSecret;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await http.PostAsJsonAsync(url, request, timeout.Token);
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            return JanusReply.Read(answer.RootElement);
        }
        catch (Exception exception) when (Unreachable(exception, cancellationToken))
        {
            throw new JanusException(JanusException.Unreachable, $"no answer from {Root}: {exception.Message}", exception);
        }
    }

    /// <summary>Waits for the session's next events (at most <see cref="EventsPerPoll"/>); a keep-alive when there were none.</summary>
    internal async Task<IReadOnlyList<JanusReply>> PollAsync(long session, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LongPollWait + _options.RequestTimeout);
        try
        {
            var url = $"{SessionUrl(session)}?maxev={EventsPerPoll}&rid={NewTransaction()}&apisecret={Uri.EscapeDataString(_options.ApiSecret ?? "")}";
            using var response = await http.GetAsync(new Uri(url), timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new JanusException(JanusException.NoSuchSession, $"Janus has no session {session} (it timed out, or Janus restarted)");
            }
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            return answer.RootElement.ValueKind == JsonValueKind.Array
                ? [.. answer.RootElement.EnumerateArray().Select(JanusReply.Read)]
                : [JanusReply.Read(answer.RootElement)];
        }
        catch (Exception exception) when (Unreachable(exception, cancellationToken))
        {
            throw new JanusException(JanusException.Unreachable, $"no events from {Root}: {exception.Message}", exception);
        }
    }

    private async Task<long> CreateSessionIdAsync(CancellationToken cancellationToken) =>
        Id((await PostAsync(Root, new JsonObject { ["janus"] = "create" }, NewTransaction(), cancellationToken)).OrThrow());

    private Uri Root => _options.Url ?? throw new InvalidOperationException($"{JanusOptions.SectionName}:Url is not set.");

    private static long Id(JanusReply reply) =>
        reply.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("id", out var id) && id.TryGetInt64(out var value)
            ? value
            : throw new JanusException(JanusException.Unreachable, "a success without an id");

    /// <summary>Janus is down, slow, or not Janus; not the caller giving up.</summary>
    private static bool Unreachable(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested && exception is HttpRequestException or OperationCanceledException or JsonException;
}
