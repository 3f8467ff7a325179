namespace Hiroba.Launcher;

/// <summary>One console for every component: each line prefixed with the component's name, lines never interleaved.</summary>
internal static class ConsoleOutput
{
    public const string LauncherName = "run";
    private const int NameWidth = 13;
    private static readonly Lock WriteLock = new();

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

    public static void Say(string line) => Write(LauncherName, line);

    public static Action<string> For(string component) => line => Write(component, line);
}
