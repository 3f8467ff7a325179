using Hiroba.TestSupport;

namespace Hiroba.LocalComponents.Tests;

public class CoturnTests(CoturnFixture coturn) : IClassFixture<CoturnFixture>
{
    private const int AllocationRefused = 255;

    [Fact]
    public async Task Issues_an_allocation_for_REST_credentials_made_with_the_secret()
    {
        var result = await AllocateWith(coturn.Secret);

        Assert.True(result.ExitCode == 0, result.OutputText);
    }

    [Fact]
    public async Task Refuses_credentials_made_with_another_secret()
    {
        var result = await AllocateWith(Secrets.Create());

        Assert.True(result.ExitCode == AllocationRefused, result.OutputText);
    }

    // -y: two clients relay to each other through their allocations, so no separate peer is needed.
    private Task<CommandLineResult> AllocateWith(string secret) =>
        CommandLineTool.RunAsync("turnutils_uclient",
            ["-y", "-n", "2", "-m", "1", "-u", "test", "-W", secret, "-p", $"{coturn.Port}", coturn.Host], TimeSpan.FromSeconds(60));
}
