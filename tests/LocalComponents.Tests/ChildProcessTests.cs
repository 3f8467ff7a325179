namespace Hiroba.LocalComponents.Tests;

public class ChildProcessTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_early_exit_while_waiting_reports_the_exit_code_and_the_last_output()
    {
        await using var process = Shell("echo starting; echo 'bind failed' >&2; exit 3");

        var error = await Assert.ThrowsAsync<ChildProcessException>(
            () => process.WaitForTcpPortAsync(FreePorts.Tcp(), Generous, CancellationToken.None));

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("bind failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(["bind failed", "starting"], error.RecentOutput.Order());
    }

    [Fact]
    public async Task Not_becoming_ready_in_time_is_an_error_naming_the_condition()
    {
        await using var process = Shell("echo waiting; sleep 30");

        var error = await Assert.ThrowsAsync<ChildProcessException>(
            () => process.WaitUntilReadyAsync("the moon rises", _ => Task.FromResult(false), TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Contains("the moon rises", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_sends_SIGTERM_so_the_process_can_clean_up()
    {
        await using var process = Shell("trap 'echo cleaned up; exit 0' TERM; echo ready; while :; do sleep 0.05; done");
        await process.WaitUntilReadyAsync("it printed ready", _ => Task.FromResult(process.RecentOutput.Contains("ready")), Generous, CancellationToken.None);

        var exitCode = await process.StopAsync(Generous);

        Assert.Equal(0, exitCode);
        Assert.Contains("cleaned up", process.RecentOutput);
    }

    [Fact]
    public async Task Stop_kills_a_process_that_ignores_SIGTERM_after_the_grace_period()
    {
        await using var process = Shell("trap '' TERM; echo ready; while :; do sleep 0.05; done");
        await process.WaitUntilReadyAsync("it printed ready", _ => Task.FromResult(process.RecentOutput.Contains("ready")), Generous, CancellationToken.None);

        var exitCode = await process.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(128 + 9, exitCode);
    }

    [Fact]
    public async Task Keeps_only_the_most_recent_lines()
    {
        await using var process = ChildProcess.Start(
            new ChildProcessOptions("counter", "seq", ["1", "50"], OutputLinesKept: 5));

        await process.Exited.WaitAsync(Generous);

        Assert.Equal(["46", "47", "48", "49", "50"], process.RecentOutput);
    }

    [Fact]
    public void Starting_a_missing_executable_is_a_clear_error()
    {
        var error = Assert.Throws<ChildProcessException>(
            () => ChildProcess.Start(new ChildProcessOptions("ghost", "/nonexistent/ghost", [])));

        Assert.Contains("Could not start ghost", error.Message, StringComparison.Ordinal);
    }

    private static ChildProcess Shell(string script) =>
        ChildProcess.Start(new ChildProcessOptions("sh", "/bin/sh", ["-c", script]));
}
