namespace Hiroba.AppHost;

/// <summary>A camera of the local run, from HIROBA_CAMERAS; the camera bridge checks id and URL when it starts.</summary>
/// <param name="Id">Also its name on the cameras page.</param>
/// <param name="Url">Momo's p2p WebSocket, e.g. <c>ws://192.168.1.20:8080/ws</c>.</param>
internal sealed record LocalCamera(string Id, string Url)
{
    /// <summary>Reads <c>id=url</c> entries separated by spaces or commas.</summary>
    public static IReadOnlyList<LocalCamera> ParseList(string? text) =>
        (text ?? "").Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToArray();

    private static LocalCamera Parse(string entry)
    {
        var separator = entry.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0 || separator == entry.Length - 1)
        {
            throw new RunSettingsException(
                $"HIROBA_CAMERAS entries are id=url, e.g. porch=ws://192.168.1.20:8080/ws; not '{entry}'.");
        }
        return new LocalCamera(entry[..separator], entry[(separator + 1)..]);
    }
}
