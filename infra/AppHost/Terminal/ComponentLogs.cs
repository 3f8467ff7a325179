namespace Hiroba.AppHost;

/// <summary>
/// Each component's output in <c>&lt;data&gt;/logs/&lt;name&gt;.log</c> (the previous run's kept as <c>.log.1</c>),
/// so the terminal shows only what a person needs; a service's errors (its stderr) reach the terminal as well.
/// </summary>
internal sealed class ComponentLogs(string folder) : IDisposable
{
    public const string FolderName = "logs";
    private readonly Dictionary<string, StreamWriter> _files = [];
    private readonly Lock _lock = new();

    public string Folder { get; } = folder;

    public Action<string> For(string component)
    {
        var file = Open(component);
        return line =>
        {
            lock (file)
            {
                file.WriteLine(line);
            }
        };
    }

    /// <summary>Like <see cref="For"/>, and on the terminal too.</summary>
    public Action<string> ForErrors(string component)
    {
        var log = For(component);
        return line =>
        {
            log(line);
            ConsoleOutput.Write(component, line);
        };
    }

    public string PathOf(string component) => Path.Combine(Folder, $"{component}.log");

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var file in _files.Values)
            {
                lock (file)
                {
                    file.Dispose();
                }
            }
            _files.Clear();
        }
    }

    private StreamWriter Open(string component)
    {
        lock (_lock)
        {
            if (_files.TryGetValue(component, out var open))
            {
                return open;
            }
            Directory.CreateDirectory(Folder);
            var path = PathOf(component);
            if (File.Exists(path))
            {
                File.Move(path, path + ".1", overwrite: true);
            }
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            var file = new StreamWriter(path, options) { AutoFlush = true };
            _files[component] = file;
            return file;
        }
    }
}
