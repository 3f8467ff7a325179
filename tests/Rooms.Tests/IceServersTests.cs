using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hiroba.TestSupport;
using Hiroba.Turn;

namespace Hiroba.Rooms.Tests;

/// <summary>Ephemeral TURN REST credentials, checked by the real coturn with <c>turnutils_uclient</c>.</summary>
public sealed class IceServersTests(RoomsStack stack) : IClassFixture<RoomsStack>
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Ice_servers_are_stun_and_turn_over_udp_and_tcp_with_credentials_valid_for_an_hour()
    {
        using var client = stack.CreateClient();
        var before = DateTimeOffset.UtcNow;

        var response = await client.GetFromJsonAsync<JsonElement>("/api/rooms/ice-servers");

        var servers = response.GetProperty("iceServers").EnumerateArray().ToArray();
        var address = $"{stack.Coturn.Host}:{stack.Coturn.Port}";
        Assert.Equal([$"stun:{address}"], Urls(servers[0]));
        Assert.Equal(["urls"], servers[0].EnumerateObject().Select(member => member.Name));
        Assert.Equal([$"turn:{address}?transport=udp", $"turn:{address}?transport=tcp"], Urls(servers[1]));
        var username = servers[1].GetProperty("username").GetString()!;
        var expiry = DateTimeOffset.FromUnixTimeSeconds(long.Parse(username.Split(':')[0], CultureInfo.InvariantCulture));
        Assert.InRange(expiry, before.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(stack.Coturn.Secret), Encoding.UTF8.GetBytes(username)));
        Assert.Equal(expected, servers[1].GetProperty("credential").GetString());
        Assert.DoesNotContain(stack.Coturn.Secret, response.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coturn_accepts_an_allocation_with_the_issued_credentials()
    {
        using var client = stack.CreateClient();
        var response = await client.GetFromJsonAsync<JsonElement>("/api/rooms/ice-servers");
        var turn = response.GetProperty("iceServers")[1];

        var result = await AllocateAsync(turn.GetProperty("username").GetString()!, turn.GetProperty("credential").GetString()!);

        Assert.True(result.ExitCode == 0, result.OutputText);
    }

    [Fact]
    public async Task Coturn_refuses_expired_and_altered_credentials()
    {
        var expired = TurnRestCredentials.Create(stack.Coturn.Secret, "late", DateTimeOffset.UtcNow.AddMinutes(-1));
        var valid = TurnRestCredentials.Create(stack.Coturn.Secret, "mallory", DateTimeOffset.UtcNow.AddHours(1));
        var altered = valid with { Username = valid.Username.Replace("mallory", "mallorz", StringComparison.Ordinal) };

        var results = await Task.WhenAll(AllocateAsync(expired.Username, expired.Password), AllocateAsync(altered.Username, altered.Password));

        Assert.All(results, result => Assert.True(result.ExitCode == 255, result.OutputText));
        Assert.All(results, result => Assert.Contains("Cannot complete Allocation", result.OutputText, StringComparison.Ordinal));
    }

    /// <summary>Client-to-client mode (<c>-y</c>): two relays talk to each other, so no echo peer is needed.</summary>
    private Task<CommandLineResult> AllocateAsync(string username, string password) => CommandLineTool.RunAsync(
        "turnutils_uclient",
        ["-y", "-n", "2", "-m", "1", "-u", username, "-w", password, "-p", stack.Coturn.Port.ToString(CultureInfo.InvariantCulture), stack.Coturn.Host],
        ToolTimeout);

    private static string[] Urls(JsonElement server) =>
        server.GetProperty("urls").EnumerateArray().Select(url => url.GetString()!).ToArray();
}
