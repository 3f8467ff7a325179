using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hiroba.AppHost;
using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests.AppHost;

/// <summary>The real app host, as ./run starts it: bad input stops it before anything is stored; a good start says what a person needs.</summary>
public sealed class AppHostStartupTests : IDisposable
{
    private const string Marker = "kept.txt";
    private readonly TemporaryDirectory _data = new("apphost-data");
    private readonly TemporaryDirectory _files = new("apphost-files");

    public AppHostStartupTests() => File.WriteAllText(Path.Combine(_data.Path, Marker), "stored before");

    [Theory]
    [InlineData("ftp://127.0.0.1:8443", "HIROBA_PUBLIC_URL must be an origin")]
    [InlineData("https://127.0.0.1:8443/room", "HIROBA_PUBLIC_URL must be an origin")]
    [InlineData("http://192.0.2.7:8080", "plain http is for this machine only")]
    [InlineData("https://192.0.2.7:8443", "not an address of this machine")]
    public async Task A_bad_public_url_stops_start_up_naming_it_and_touching_nothing(string publicUrl, string message)
    {
        var result = await AppHostProcess.RunAsync(Variables(publicUrl));

        AssertStoppedWith(result, "HIROBA_PUBLIC_URL", message);
    }

    [Fact]
    public async Task A_taken_https_port_stops_start_up_naming_HIROBA_PUBLIC_URL()
    {
        using var taken = Listen();

        var result = await AppHostProcess.RunAsync(Variables($"https://127.0.0.1:{taken.Port}"));

        AssertStoppedWith(result, "HIROBA_PUBLIC_URL", $"port {taken.Port} on 127.0.0.1 is in use");
    }

    [Fact]
    public async Task A_taken_http_port_stops_start_up_naming_HIROBA_PORT()
    {
        using var taken = Listen();
        var variables = Variables($"https://127.0.0.1:{FreePorts.Tcp()}");
        variables["HIROBA_PORT"] = $"{taken.Port}";

        var result = await AppHostProcess.RunAsync(variables);

        AssertStoppedWith(result, "HIROBA_PORT", $"port {taken.Port} on 127.0.0.1 is in use");
    }

    [Fact]
    public async Task A_certificate_that_does_not_match_its_key_stops_start_up_naming_both()
    {
        var first = TestCertificates.WriteSelfSigned(_files.Path, "first", "127.0.0.1");
        var second = TestCertificates.WriteSelfSigned(_files.Path, "second", "127.0.0.1");
        var variables = Variables($"https://127.0.0.1:{FreePorts.Tcp()}");
        (variables["HIROBA_TLS_CERT"], variables["HIROBA_TLS_KEY"]) = (first.CertificatePath, second.KeyPath);

        var result = await AppHostProcess.RunAsync(variables);

        AssertStoppedWith(result, "HIROBA_TLS_CERT and HIROBA_TLS_KEY", "does not belong to the certificate");
    }

    [Fact]
    public async Task An_expired_certificate_stops_start_up_naming_it()
    {
        var expired = TestCertificates.WriteSelfSigned(
            _files.Path, "expired", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1), "127.0.0.1");
        var variables = Variables($"https://127.0.0.1:{FreePorts.Tcp()}");
        (variables["HIROBA_TLS_CERT"], variables["HIROBA_TLS_KEY"]) = (expired.CertificatePath, expired.KeyPath);

        var result = await AppHostProcess.RunAsync(variables);

        AssertStoppedWith(result, "HIROBA_TLS_CERT", "expired on");
    }

    [Fact]
    public async Task A_certificate_for_another_host_stops_start_up_naming_it()
    {
        var other = TestCertificates.WriteSelfSigned(_files.Path, "other", "hiroba.example.org");
        var variables = Variables($"https://127.0.0.1:{FreePorts.Tcp()}");
        (variables["HIROBA_TLS_CERT"], variables["HIROBA_TLS_KEY"]) = (other.CertificatePath, other.KeyPath);

        var result = await AppHostProcess.RunAsync(variables);

        AssertStoppedWith(result, "HIROBA_TLS_CERT", "is not for 127.0.0.1");
    }

    /// <summary>Issue 11, finding 12: ./run wrote the admin password into a redirected log; the dashboard's sign-in link is a credential too.</summary>
    [Fact]
    public async Task Started_with_its_output_redirected_it_names_the_password_file_instead_of_the_password_and_keeps_component_noise_in_log_files()
    {
        var port = FreePorts.Tcp();
        var dashboardPort = FreePorts.Tcp();
        var variables = Variables($"http://127.0.0.1:{port}");
        variables["HIROBA_DASHBOARD"] = $"{dashboardPort}";
        await using var appHost = AppHostProcess.Start(variables);
        await AppHostProcess.WaitUntilUpAsync(appHost);

        var output = string.Join('\n', appHost.RecentOutput);
        var passwordFile = Path.Combine(_data.Path, LocalSecrets.FolderName, LocalSecrets.AdminPasswordFile);
        var password = (await File.ReadAllTextAsync(passwordFile)).Trim();
        Assert.DoesNotContain(password, output, StringComparison.Ordinal);
        Assert.Contains($"Admin password   in {passwordFile} (shown only on a terminal)", output, StringComparison.Ordinal);
        Assert.Contains($"Open             http://127.0.0.1:{port}/", output, StringComparison.Ordinal);
        Assert.Contains($"Admin console    http://127.0.0.1:{port}/admin", output, StringComparison.Ordinal);
        Assert.Contains($"Dashboard        http://127.0.0.1:{dashboardPort}/ (its sign-in link is shown only on a terminal)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("login?t=", output, StringComparison.Ordinal);
        // coturn's banner and the services' start-up lines are in their log files, not in the output.
        Assert.DoesNotContain("RFC 3489", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening on", output, StringComparison.Ordinal);
        var logs = Path.Combine(_data.Path, ComponentLogs.FolderName);
        Assert.Contains("RFC 3489", await ReadSharedAsync(Path.Combine(logs, "coturn.log")), StringComparison.Ordinal);
        Assert.Contains("Now listening on", await ReadSharedAsync(Path.Combine(logs, "gateway.log")), StringComparison.Ordinal);
        using var client = new HttpClient();
        // Serving this machine only, there is no Janus (it gathers no candidate on loopback): cameras keep one viewer.
        Assert.False(File.Exists(Path.Combine(logs, "janus.log")));
        var bridgePort = Regex.Match(output, @"CameraBridge (\d+)").Groups[1].Value;
        using var bridgeReady = JsonDocument.Parse(await client.GetStringAsync(new Uri($"http://127.0.0.1:{bridgePort}/readyz")));
        Assert.Equal("no Janus configured: one viewer per camera",
            bridgeReady.RootElement.GetProperty("checks").GetProperty("janus").GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"http://127.0.0.1:{port}/api/site"))).StatusCode);
        // The dashboard shows every service's settings, secrets included: without the run's token it shows only its sign-in page.
        using var dashboard = await client.GetAsync(new Uri($"http://127.0.0.1:{dashboardPort}/"));
        Assert.StartsWith("/login", dashboard.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);

        Assert.Equal(0, await appHost.StopAsync());
    }

    public void Dispose()
    {
        _data.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task A_service_that_exits_before_it_is_ready_ends_the_start_naming_it_and_its_log_and_keeps_its_data()
    {
        var database = Path.Combine(_data.Path, "camerabridge", "cameras.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        var damaged = "not a SQLite database, as a disk that filled up may leave one"u8.ToArray();
        await File.WriteAllBytesAsync(database, damaged);

        var result = await AppHostProcess.RunAsync(Variables($"http://127.0.0.1:{FreePorts.Tcp()}"));

        Assert.True(result.ExitCode == 1, result.OutputText);
        Assert.Contains(
            $"could not start: camerabridge stopped before it was ready (see {Path.Combine(_data.Path, "logs", "camerabridge.log")})",
            result.OutputText, StringComparison.Ordinal);
        Assert.Contains("camerabridge | Unhandled exception. Microsoft.Data.Sqlite.SqliteException", result.OutputText, StringComparison.Ordinal);
        Assert.Contains("file is not a database", await ReadSharedAsync(Path.Combine(_data.Path, "logs", "camerabridge.log")), StringComparison.Ordinal);
        Assert.Equal(damaged, await File.ReadAllBytesAsync(database));
    }

    private Dictionary<string, string?> Variables(string publicUrl) => new()
    {
        ["HIROBA_DATA"] = _data.Path,
        ["HIROBA_PUBLIC_URL"] = publicUrl,
    };

    private void AssertStoppedWith(CommandLineResult result, string setting, string message)
    {
        Assert.True(result.ExitCode == 2, result.OutputText);
        Assert.Contains(setting, result.OutputText, StringComparison.Ordinal);
        Assert.Contains(message, result.OutputText, StringComparison.Ordinal);
        Assert.Equal([Path.Combine(_data.Path, Marker)], Directory.GetFileSystemEntries(_data.Path));
    }

    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }

    private static TakenPort Listen()
    {
        var listener = new TcpListener(IPAddress.Loopback, FreePorts.Tcp());
        listener.Start();
        return new TakenPort(listener);
    }

    private sealed class TakenPort(TcpListener listener) : IDisposable
    {
        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public void Dispose() => listener.Dispose();
    }
}
