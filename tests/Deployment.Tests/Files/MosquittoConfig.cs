namespace Hiroba.Deployment.Tests.Files;

/// <summary>infra/mosquitto/mosquitto.conf: global options and, per listener, the options that follow it.</summary>
internal sealed record MosquittoConfig(IReadOnlyList<MosquittoSetting> Global, IReadOnlyList<MosquittoListener> Listeners)
{
    public const string Folder = "infra/mosquitto";
    public const string FileName = Folder + "/mosquitto.conf";

    /// <summary>Where docker-compose.yml mounts <see cref="Folder"/> in the broker's container.</summary>
    public const string ContainerFolder = "/mosquitto/config";

    public static MosquittoConfig Load() => Parse(Repository.Read(FileName));

    public static MosquittoConfig Parse(string text)
    {
        var global = new List<MosquittoSetting>();
        var listeners = new List<MosquittoListener>();
        foreach (var line in text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var setting = space < 0 ? new MosquittoSetting(line, "") : new MosquittoSetting(line[..space], line[(space + 1)..].Trim());
            if (setting.Name == "listener")
            {
                var words = setting.Value.Split(' ');
                listeners.Add(new MosquittoListener(int.Parse(words[0], System.Globalization.CultureInfo.InvariantCulture), words.ElementAtOrDefault(1), new List<MosquittoSetting>()));
            }
            else if (listeners.Count > 0)
            {
                ((List<MosquittoSetting>)listeners[^1].Settings).Add(setting);
            }
            else
            {
                global.Add(setting);
            }
        }
        return new MosquittoConfig(global, listeners);
    }

    public MosquittoListener Listener(string protocol, bool loopbackOnly = false) =>
        Listeners.Single(listener => listener.Protocol == protocol && (listener.BindAddress == "127.0.0.1") == loopbackOnly);

    /// <summary>A container path under <see cref="ContainerFolder"/> as a path in the repository.</summary>
    public static string RepositoryPathOf(string containerPath) =>
        containerPath.StartsWith(ContainerFolder + "/", StringComparison.Ordinal)
            ? Folder + containerPath[ContainerFolder.Length..]
            : throw new InvalidDataException($"{containerPath} is not in {ContainerFolder}.");
}

internal sealed record MosquittoSetting(string Name, string Value);

internal sealed record MosquittoListener(int Port, string? BindAddress, IReadOnlyList<MosquittoSetting> Settings)
{
    public string Protocol => Setting("protocol") ?? "mqtt";

    public string? Setting(string name) => Settings.LastOrDefault(setting => setting.Name == name)?.Value;
}
