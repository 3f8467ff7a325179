namespace Hiroba.Gateway.Proxy;

public static class InlineIoExtensions
{
    /// <summary>Setting <c>Gateway:InlineIo</c> (default on).</summary>
    public const string SettingName = "Gateway:InlineIo";

    /// <summary>The .NET socket engine reads this variable once, when the process makes its first asynchronous socket call.</summary>
    private const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Runs socket and Kestrel continuations on the I/O threads instead of handing each to the thread pool. The gateway
    /// mostly moves bytes between sockets (every signaling message twice, every event to every open page once), and
    /// all of its code is asynchronous, so skipping two thread hops per frame saves more CPU than it risks. Call it
    /// before anything opens a socket.
    /// </summary>
    public static WebApplicationBuilder UseInlineIo(this WebApplicationBuilder builder)
    {
        if (!builder.Configuration.GetValue(SettingName, defaultValue: true))
        {
            return builder;
        }
        Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        return builder;
    }
}
