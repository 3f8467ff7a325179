namespace Hiroba.LocalComponents;

/// <summary>A server run as <c>&lt;executable&gt; -c &lt;generated config file&gt;</c> from its config folder.</summary>
/// <param name="host">The IPv4 address it listens on.</param>
public abstract class ConfigFileServer(
    string name, string executable, string configDirectory, Action<string>? onOutputLine, string host = "127.0.0.1")
    : LocalComponent(name, onOutputLine)
{
    private string? _configFile;

    public string Host { get; } = host;

    public string ConfigDirectory { get; } = configDirectory;

    /// <summary>Writes the configuration files into <see cref="ConfigDirectory"/>; returns the main file.</summary>
    protected abstract Task<string> WriteConfigurationAsync(CancellationToken cancellationToken);

    protected sealed override async Task PrepareAsync(CancellationToken cancellationToken) =>
        _configFile = await WriteConfigurationAsync(cancellationToken);

    protected sealed override ChildProcessOptions DescribeProcess() =>
        ProcessOptions(executable, ["-c", _configFile!], workingDirectory: ConfigDirectory);
}
