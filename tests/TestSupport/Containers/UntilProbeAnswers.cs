using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;

namespace Hiroba.TestSupport.Containers;

/// <summary>A readiness wait that asks the server from the tests' side, e.g. whether a port accepts a connection.</summary>
internal sealed class UntilProbeAnswers(Func<CancellationToken, Task<bool>> probe) : IWaitUntil
{
    public Task<bool> UntilAsync(IContainer container) => probe(CancellationToken.None);
}
