using System.Runtime.InteropServices;

namespace Hiroba.LocalComponents;

/// <summary>The two POSIX calls .NET does not offer: a graceful SIGTERM and the effective user id.</summary>
internal static partial class PosixProcess
{
    private const int SigTerm = 15;

    public static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>Sends SIGTERM; false when the process is already gone.</summary>
    public static bool Terminate(int pid) => kill(pid, SigTerm) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
