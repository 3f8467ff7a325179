namespace Hiroba.AppHost;

/// <summary>The terminal: the run's own lines and the services' errors, each prefixed with its component's name, never interleaved.</summary>
internal static class ConsoleOutput
{
    public const string RunName = "run";
    private const int NameWidth = 13;
    private static readonly Lock WriteLock = new();

    /// <summary>True when a person reads the output (not a file or a pipe): only then is a password shown.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected;

    public static void Write(string component, string line)
    {
        var prefix = $"{component.PadLeft(NameWidth)} | ";
        lock (WriteLock)
        {
            foreach (var part in line.Split('\n'))
            {
                Console.Out.WriteLine(prefix + part.TrimEnd('\r'));
            }
        }
    }

    public static void Say(string line) => Write(RunName, line);

    /// <summary>Lines as they are, without a prefix (the start-up summary and its QR code).</summary>
    public static void WriteBlock(IEnumerable<string> lines)
    {
        lock (WriteLock)
        {
            foreach (var line in lines)
            {
                Console.Out.WriteLine(line);
            }
        }
    }
}
