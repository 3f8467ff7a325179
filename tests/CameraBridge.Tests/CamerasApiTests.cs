using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hiroba.TestSupport;

namespace Hiroba.CameraBridge.Tests;

/// <summary>The cameras API through the gateway: sign-in, the configured cameras, the admin's cameras, problems.</summary>
[Collection(BridgeOnlyCollection.Name)]
public sealed class CamerasApiTests(BridgeOnlyStack stack)
{
    [Theory]
    [InlineData("/api/cameras")]
    [InlineData("/api/cameras/porch")]
    [InlineData("/api/cameras/porch/status")]
    [InlineData("/api/cameras/no-such-camera/status")]
    [InlineData("/api/cameras/events")]
    public async Task Not_signed_in_the_list_a_camera_and_its_status_are_401(string path)
    {
        using var anonymous = stack.CreateClient();

        await ProblemAssertions.AssertProblemAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Not_signed_in_watching_is_refused_with_401_before_any_upgrade()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await JsonSocket.RefusalStatusAsync(stack.WebSocketUri("/ws/cameras/porch")));
    }

    [Fact]
    public async Task An_unknown_camera_is_404_for_the_api_and_for_watching()
    {
        using var viewer = await stack.CreateSignedInClientAsync(HirobaStack.ViewerPassword);
        var cookies = await JsonSocket.SignInAsync(stack.GatewayUri, HirobaStack.ViewerPassword);

        await ProblemAssertions.AssertProblemAsync(await viewer.GetAsync("/api/cameras/nowhere"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await viewer.GetAsync("/api/cameras/nowhere/status"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.NotFound, await JsonSocket.RefusalStatusAsync(stack.WebSocketUri("/ws/cameras/nowhere"), cookies));
    }

    [Fact]
    public async Task A_viewer_sees_the_configured_cameras_without_their_addresses_and_may_not_change_them()
    {
        using var viewer = await stack.CreateSignedInClientAsync(HirobaStack.ViewerPassword);

        var cameras = await viewer.GetFromJsonAsync<JsonElement[]>("/api/cameras");

        Assert.Equal([BridgeOnlyStack.PorchId, BridgeOnlyStack.LabId], cameras!.Take(2).Select(camera => camera.GetProperty("id").GetString()));
        Assert.Equal(("Porch", "P2p", "Configuration"), Describe(cameras![0]));
        Assert.Equal(("Lab", "Ayame", "Configuration"), Describe(cameras[1]));
        Assert.All(cameras, camera =>
        {
            Assert.False(camera.TryGetProperty("url", out _));
            Assert.False(camera.TryGetProperty("ayameRoomId", out _));
        });
        var added = await viewer.PostAsJsonAsync("/api/cameras", new { name = "Mine", url = $"ws://127.0.0.1:{stack.Elsewhere.Port}/ws" });
        await ProblemAssertions.AssertProblemAsync(added, HttpStatusCode.Forbidden);
        await ProblemAssertions.AssertProblemAsync(await viewer.DeleteAsync("/api/cameras/porch"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_status_of_a_camera_says_whether_its_port_answers()
    {
        using var viewer = await stack.CreateSignedInClientAsync(HirobaStack.ViewerPassword);

        await Eventually.TrueAsync(async () => await StatusAsync(viewer, BridgeOnlyStack.PorchId) == "Online", "porch (listening) is online");
        var lab = await viewer.GetFromJsonAsync<JsonElement>("/api/cameras/lab/status");
        Assert.Equal("Offline", lab.GetProperty("status").GetString());
        Assert.Equal(0, lab.GetProperty("viewerCount").GetInt32());
        Assert.Equal(BridgeOnlyStack.LabId, lab.GetProperty("cameraId").GetString());
    }

    [Fact]
    public async Task The_admin_adds_a_camera_it_is_kept_across_a_restart_and_the_admin_removes_it()
    {
        using var admin = await stack.CreateSignedInClientAsync();
        var url = $"ws://127.0.0.1:{stack.Porch.Port}";

        var created = await admin.PostAsJsonAsync("/api/cameras", new { id = "garage", name = "  Garage  ", url });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/cameras/garage", created.Headers.Location?.OriginalString);
        var camera = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("Garage", "P2p", "Admin"), Describe(camera));
        Assert.Equal($"{url}/ws", camera.GetProperty("url").GetString());

        await stack.Service("CameraBridge").StopAsync();
        await stack.Service("CameraBridge").RestartAsync();
        var afterRestart = await admin.GetFromJsonAsync<JsonElement>("/api/cameras/garage");
        Assert.Equal(("Garage", "P2p", "Admin"), Describe(afterRestart));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/cameras/garage")).StatusCode);
        await ProblemAssertions.AssertProblemAsync(await admin.GetAsync("/api/cameras/garage"), HttpStatusCode.NotFound);
        await ProblemAssertions.AssertProblemAsync(await admin.DeleteAsync("/api/cameras/garage"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ids_of_existing_cameras_conflict_and_configured_cameras_cannot_be_removed_through_the_api()
    {
        using var admin = await stack.CreateSignedInClientAsync();

        var taken = await admin.PostAsJsonAsync("/api/cameras", new { id = "PORCH", name = "Another porch", url = "ws://127.0.0.1:9/ws" });
        var configured = await admin.DeleteAsync("/api/cameras/porch");

        await ProblemAssertions.AssertProblemAsync(taken, HttpStatusCode.Conflict);
        var problem = await ProblemAssertions.AssertProblemAsync(configured, HttpStatusCode.Conflict);
        Assert.Contains("Cameras:Items", problem.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidCameras => new()
    {
        { """{"name":"A","url":"http://127.0.0.1:8080/ws"}""", "url" },
        { """{"name":"A","url":"file:///etc/passwd"}""", "url" },
        { """{"name":"A","url":"ws://user:secret@127.0.0.1:8080/ws"}""", "url" },
        { """{"name":"A","url":"ws://127.0.0.1:8080/ws?next=ws://elsewhere"}""", "url" },
        { """{"name":"A","url":"ws://0.0.0.0:8080/ws"}""", "url" },
        { """{"name":"A","url":"ws://224.0.0.1:8080/ws"}""", "url" },
        { """{"name":"A","url":"/ws"}""", "url" },
        { """{"name":"A"}""", "url" },
        { """{"name":"A","url":"ws://127.0.0.1:8080/ws","ayameRoomId":"room"}""", "url" },
        { """{"name":"A","ayameRoomId":"room"}""", "signalingKey" },
        { """{"name":"A","ayameRoomId":"room","signalingKey":"short"}""", "signalingKey" },
        { """{"name":"A","ayameRoomId":"a room","signalingKey":"long-enough-key"}""", "ayameRoomId" },
        { """{"name":"A","url":"ws://127.0.0.1:8080/ws","signalingKey":"long-enough-key"}""", "signalingKey" },
        { """{"name":"","url":"ws://127.0.0.1:8080/ws"}""", "name" },
        { """{"name":"A\u0007","url":"ws://127.0.0.1:8080/ws"}""", "name" },
        { """{"id":"../porch","name":"A","url":"ws://127.0.0.1:8080/ws"}""", "id" },
        { """{"id":"Events","name":"A","url":"ws://127.0.0.1:8080/ws"}""", "id" },
    };

    [Theory]
    [MemberData(nameof(InvalidCameras))]
    public async Task An_invalid_camera_is_refused_with_a_problem_naming_the_field(string body, string field)
    {
        using var admin = await stack.CreateSignedInClientAsync();

        var response = await admin.PostAsync("/api/cameras", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAssertions.AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.Errors.Keys);
    }

    private static async Task<string?> StatusAsync(HttpClient client, string cameraId) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/cameras/{cameraId}/status")).GetProperty("status").GetString();

    private static (string?, string?, string?) Describe(JsonElement camera) =>
        (camera.GetProperty("name").GetString(), camera.GetProperty("kind").GetString(), camera.GetProperty("source").GetString());
}
