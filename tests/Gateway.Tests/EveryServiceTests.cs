using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hiroba.TestSupport;
using static Hiroba.Gateway.Tests.HttpAssertions;
using static Hiroba.TestSupport.ProblemAssertions;

namespace Hiroba.Gateway.Tests;

/// <summary>
/// What every service must do alike, checked at each of them (they share ServiceDefaults, but each checks the cookie
/// itself and each could get it wrong): revoked sessions, health details, body limits, error texts, cross-origin requests.
/// </summary>
[Collection(EveryServiceCollection.Name)]
public sealed partial class EveryServiceTests(EveryServiceStack stack)
{
    /// <summary>A .NET type's full name (<c>System.String</c>, <c>Hiroba.Feed.Apis.NewPostRequest+JsonBody</c>) or an exception's.</summary>
    [GeneratedRegex(@"\b(System|Microsoft|Hiroba)\.[A-Z]\w*|\w+\+\w+|Exception")]
    private static partial Regex DotnetTypeName();

    [Fact]
    public async Task A_cookie_replayed_after_sign_out_is_refused_by_every_service_and_still_after_restarts()
    {
        using var client = NoCookies(stack.GatewayUri);
        var cookie = await SignInAsync(client);
        var workshop = await CreateWorkshopAsync(client, cookie);
        var signedIn = CookieChecks(workshop);
        foreach (var (what, request, accepted) in signedIn)
        {
            await Eventually.TrueAsync(async () => await StatusAsync(client, request(), cookie) == accepted, $"{what} accepts the cookie");
        }

        using (var signOut = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/auth/sign-out").WithCookie(cookie)))
        {
            Assert.Equal(HttpStatusCode.NoContent, signOut.StatusCode);
        }

        await AssertRefusedEverywhereAsync(client, signedIn, cookie);
        await stack.Service("Rooms").StopAsync();
        await stack.Service("Rooms").RestartAsync();
        await stack.Gateway.StopAsync();
        await stack.Gateway.RestartAsync();
        await AssertRefusedEverywhereAsync(client, signedIn, cookie);
    }

    [Fact]
    public async Task From_elsewhere_an_anonymous_health_check_gets_only_the_status_at_every_service()
    {
        using var client = NoCookies(stack.GatewayUri);
        foreach (var service in EveryServiceStack.Services)
        {
            foreach (var path in new[] { "/healthz", "/readyz" })
            {
                var uri = new Uri(stack.ServiceUri(service), path);
                // The service trusts the gateway on loopback, so this is a caller elsewhere as the gateway would forward it.
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Add("X-Forwarded-For", "203.0.113.9");
                using var anonymous = await client.SendAsync(request);
                using var onLoopback = await client.GetAsync(uri);

                Assert.Equal("""{"status":"Healthy"}""", await anonymous.Content.ReadAsStringAsync());
                Assert.Contains("\"checks\"", await onLoopback.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_body_too_large_is_a_413_problem_at_every_service_and_no_error_in_any_log()
    {
        using var client = NoCookies(stack.GatewayUri);
        var cookie = await SignInAsync(client);
        var logsBefore = AllOutput();
        var tenMegabytes = "{\"title\":\"" + new string('x', 10 * 1024 * 1024) + "\"}";

        foreach (var (server, path) in JsonEndpoints("too-large"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
            {
                Content = new StringContent(tenMegabytes, Encoding.UTF8, "application/json"),
            }.WithCookie(cookie);
            // As curl sends a large body: the server can refuse it before it is sent, instead of cutting the upload off.
            request.Headers.ExpectContinue = true;
            using var response = await client.SendAsync(request);

            var problem = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
            Assert.DoesNotMatch(DotnetTypeName(), problem.Detail ?? "");
        }

        foreach (var (name, lines) in NewOutput(logsBefore))
        {
            var errors = lines.Where(line => line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal)).ToArray();
            Assert.True(errors.Length == 0, $"{name} logged errors:\n{string.Join('\n', errors)}");
        }
    }

    [Theory]
    [InlineData("""{"title": 5, "body": 6, "name": 7, "kind": 8, "url": 9, "password": 10}""")]
    [InlineData("""[1, 2]""")]
    [InlineData("""{"title": """)]
    [InlineData("""{"kind": "dance-floor", "capacity": "many", "id": {}}""")]
    public async Task No_problem_details_at_any_service_name_a_dotnet_type(string body)
    {
        using var client = NoCookies(stack.GatewayUri);
        var cookie = await SignInAsync(client);

        foreach (var (server, path) in JsonEndpoints("bad-json"))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path))
            {
                Content = new StringContent(body, Encoding.UTF8, "application/json"),
            }.WithCookie(cookie);
            using var response = await client.SendAsync(request);

            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotMatch(DotnetTypeName(), await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Every_service_refuses_a_request_from_another_origin_that_carries_the_cookie()
    {
        using var client = NoCookies(stack.GatewayUri);
        var cookie = await SignInAsync(client);

        foreach (var server in EveryServiceStack.Services.Select(stack.ServiceUri).Append(stack.GatewayUri))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/api/rooms"))
            {
                Content = JsonContent.Create(new { title = "from elsewhere" }),
            }.WithCookie(cookie);
            request.Headers.Add("Origin", "http://127.0.0.1:1");
            using var response = await client.SendAsync(request);

            await AssertProblemAsync(response, HttpStatusCode.Forbidden);
        }
    }

    /// <summary>An endpoint of each service that reads a JSON body (Signaling has none), directly and through the gateway.</summary>
    private IEnumerable<(Uri Server, string Path)> JsonEndpoints(string roomId)
    {
        (string Service, string Path)[] endpoints =
        [
            ("Feed", "/api/feed/posts"),
            ("Rooms", "/api/rooms"),
            ("Snapshots", $"/api/snapshots/rooms/{roomId}/guests"),
            ("CameraBridge", "/api/cameras"),
        ];
        foreach (var (service, path) in endpoints)
        {
            yield return (stack.ServiceUri(service), path);
            yield return (stack.GatewayUri, path);
        }
        yield return (stack.GatewayUri, "/api/auth/sign-in");
    }

    /// <summary>A request at each service that uses the cookie, with its answer for the admin; without a valid cookie each is 401.</summary>
    private static (string What, Func<HttpRequestMessage> Request, HttpStatusCode Accepted)[] CookieChecks(string workshop) =>
    [
        ("the gateway", () => new HttpRequestMessage(HttpMethod.Get, "/api/auth/me"), HttpStatusCode.OK),
        ("Rooms", () => new HttpRequestMessage(HttpMethod.Get, "/api/rooms"), HttpStatusCode.OK),
        ("the camera bridge", () => new HttpRequestMessage(HttpMethod.Get, "/api/cameras"), HttpStatusCode.OK),
        ("Feed", () => new HttpRequestMessage(HttpMethod.Delete, "/api/feed/posts/999999"), HttpStatusCode.NotFound),
        ("Snapshots", () => new HttpRequestMessage(HttpMethod.Get, $"/api/snapshots/rooms/{workshop}/wall"), HttpStatusCode.OK),
    ];

    private static async Task AssertRefusedEverywhereAsync(
        HttpClient client, (string What, Func<HttpRequestMessage> Request, HttpStatusCode Accepted)[] checks, string cookie)
    {
        foreach (var (what, request, _) in checks)
        {
            var status = await StatusAsync(client, request(), cookie);
            Assert.True(status == HttpStatusCode.Unauthorized, $"{what} answered {(int)status} to a signed-out session's cookie");
        }
    }

    private static async Task<string> CreateWorkshopAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rooms") { Content = JsonContent.Create(new { title = "Revocation" }) }.WithCookie(cookie);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("room").GetProperty("id").GetString()!;
    }

    private static async Task<string> SignInAsync(HttpClient client) => CookiePair(await HttpAssertions.SignInAsync(client, HirobaStack.AdminPassword));

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpRequestMessage request, string cookie)
    {
        using var sent = request.WithCookie(cookie);
        using var response = await client.SendAsync(sent);
        return response.StatusCode;
    }

    private static HttpClient NoCookies(Uri baseAddress) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    private Dictionary<string, IReadOnlyList<string>> AllOutput() =>
        EveryServiceStack.Services.ToDictionary(name => name, name => stack.Service(name).RecentOutput)
            .Append(new KeyValuePair<string, IReadOnlyList<string>>("Gateway", stack.Gateway.RecentOutput))
            .ToDictionary();

    /// <summary>The lines each process wrote since <paramref name="before"/> (each keeps its last lines only).</summary>
    private IEnumerable<(string Name, IReadOnlyList<string> Lines)> NewOutput(Dictionary<string, IReadOnlyList<string>> before)
    {
        foreach (var (name, now) in AllOutput())
        {
            var last = before[name].LastOrDefault();
            var seen = last is null ? -1 : now.ToList().LastIndexOf(last);
            yield return (name, now.Skip(seen + 1).ToArray());
        }
    }
}
