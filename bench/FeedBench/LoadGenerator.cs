namespace Hiroba.FeedBench;

/// <summary>This program as a load generator on the machine it measures.</summary>
public static class LoadGenerator
{
    /// <summary>Read by the .NET socket engine at the first asynchronous socket call.</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// The subscribers receive 100 frames per post between them; running their socket continuations on the I/O threads
    /// leaves more of the shared CPUs to the system under test. The services it starts keep their own setting.
    /// </summary>
    public static void UseInlineSocketCompletions() => Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
}
