using Microsoft.AspNetCore.Builder;

namespace Hiroba.ServiceDefaults;

public static class PrivateFilesExtensions
{
    /// <summary>
    /// At process start, before anything opens a file: every file and folder the service creates from now on is its
    /// user's alone (umask 077), and so is its data folder (<c>Data:Path</c>, when it has one) with everything already in it.
    /// </summary>
    public static WebApplicationBuilder UsePrivateFiles(this WebApplicationBuilder builder)
    {
        PrivateFiles.RestrictNewFiles();
        if (builder.Configuration[$"{DataOptions.SectionName}:{nameof(DataOptions.Path)}"] is { Length: > 0 } dataPath)
        {
            PrivateFiles.Secure(dataPath);
        }
        return builder;
    }
}
