using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Hiroba.LocalComponents;

namespace Hiroba.TestSupport.Lan;

/// <summary>
/// A second host on a private LAN that the test makes inside its own network namespace: a new network namespace,
/// held open by a child process, joined to the test's namespace by a veth pair. The test's namespace is the server
/// (<see cref="ServerAddress"/>), the new one the guest (<see cref="GuestAddress"/>). The guest has its own loopback,
/// so nothing it runs can reach the server's 127.0.0.1; only what listens on the server's LAN address.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class GuestHost : IAsyncDisposable
{
    private const string IpTool = "ip";
    private const string NsenterTool = "nsenter";
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(10);
    private static int s_lastSubnet;

    private readonly ChildProcess _holder;
    private readonly TemporaryDirectory _directory = new("guest-host");

    private GuestHost(ChildProcess holder, int subnet)
    {
        _holder = holder;
        ServerAddress = IPAddress.Parse($"10.77.{subnet}.1");
        GuestAddress = IPAddress.Parse($"10.77.{subnet}.2");
        ServerInterface = $"hbsrv{subnet}";
    }

    /// <summary>This end of the LAN: the address a server in the test's namespace listens on for the guest.</summary>
    public IPAddress ServerAddress { get; }

    public IPAddress GuestAddress { get; }

    /// <summary>The veth end in the test's namespace, named after the subnet.</summary>
    public string ServerInterface { get; }

    /// <summary>The guest's network namespace, for <c>nsenter --net=</c>.</summary>
    public string NetworkNamespacePath => $"/proc/{_holder.Id}/ns/net";

    /// <summary>Makes the guest's namespace and the veth pair, with a /24 of its own per guest host.</summary>
    public static async Task<GuestHost> CreateAsync()
    {
        var subnet = Interlocked.Increment(ref s_lastSubnet);
        // Another test assembly's guest host may still be going: the kernel removes a namespace's veth pair a moment
        // after its last process exits, and assemblies run one after another in the same namespace.
        while (Directory.Exists($"/sys/class/net/hbsrv{subnet}"))
        {
            subnet = Interlocked.Increment(ref s_lastSubnet);
        }
        if (subnet > 250)
        {
            throw new InvalidOperationException("Too many guest hosts in one test run.");
        }
        var holder = ChildProcess.Start(new ChildProcessOptions("guest-namespace", "unshare", ["--net", "sleep", "infinity"]));
        var host = new GuestHost(holder, subnet);
        try
        {
            await host.ConnectAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a program inside the guest's namespace to completion.</summary>
    public Task<CommandLineResult> RunAsync(string fileName, params string[] arguments) =>
        CommandLineTool.RunAsync(NsenterTool, [$"--net={NetworkNamespacePath}", "--", fileName, .. arguments], ToolTimeout);

    /// <summary>An executable that runs <paramref name="executablePath"/> inside the guest's namespace with the same arguments.</summary>
    public string Wrap(string executablePath)
    {
        var script = Path.Combine(_directory.Path, Path.GetFileName(executablePath) + "-in-guest");
        File.WriteAllText(script, $"#!/bin/sh\nexec {NsenterTool} --net={NetworkNamespacePath} -- {executablePath} \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    public async ValueTask DisposeAsync()
    {
        // The veth pair goes with the namespace once its last process (the holder, a browser) has exited.
        await _holder.DisposeAsync();
        _directory.Dispose();
    }

    private async Task ConnectAsync()
    {
        var guestInterface = ServerInterface.Replace("hbsrv", "hbgst", StringComparison.Ordinal);
        var pid = _holder.Id.ToString(CultureInfo.InvariantCulture);
        // The holder may not have entered its namespace yet when it is first seen.
        await Eventually.TrueAsync(
            () => new FileInfo(NetworkNamespacePath).LinkTarget != new FileInfo("/proc/self/ns/net").LinkTarget,
            "the guest's network namespace to exist");
        await RunHereAsync(IpTool, "link", "add", ServerInterface, "type", "veth", "peer", "name", guestInterface, "netns", pid);
        await RunHereAsync(IpTool, "addr", "add", $"{ServerAddress}/24", "dev", ServerInterface);
        await RunHereAsync(IpTool, "link", "set", ServerInterface, "up");
        await RunInGuestAsync(IpTool, "addr", "add", $"{GuestAddress}/24", "dev", guestInterface);
        await RunInGuestAsync(IpTool, "link", "set", guestInterface, "up");
        await RunInGuestAsync(IpTool, "link", "set", "lo", "up");
    }

    private static async Task RunHereAsync(string fileName, params string[] arguments) =>
        EnsureSucceeded(await CommandLineTool.RunAsync(fileName, arguments, ToolTimeout), fileName, arguments);

    private async Task RunInGuestAsync(string fileName, params string[] arguments) =>
        EnsureSucceeded(await RunAsync(fileName, arguments), fileName, arguments);

    private static void EnsureSucceeded(CommandLineResult result, string fileName, string[] arguments)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{fileName} {string.Join(' ', arguments)}' failed with {result.ExitCode}: {result.OutputText}");
        }
    }
}
