using System.Runtime.InteropServices;

namespace Hiroba.Rooms.Tests;

/// <summary>
/// The services' SQLite waits for a lock held by another connection in steps of milliseconds. A build without
/// <c>usleep</c>/<c>nanosleep</c> (SQLitePCLRaw's e_sqlite3 2.0.6) sleeps whole seconds, so an admin's write behind
/// Rooms' event handlers draining a backlog waited 1-4 s, and with <c>busy_timeout</c> 5000 had only five tries before
/// failing (issue 11, finding 1).
/// </summary>
public sealed class SqliteLockWaitTests
{
    [Fact]
    public void Sqlite_sleeps_for_a_millisecond_when_asked_to_not_for_a_whole_second()
    {
        // The bundled library's sqlite3_sleep (SQLitePCLRaw does not expose it): what SQLite's own sleep, the busy
        // handler's, actually waits in milliseconds when asked for one.
        var library = NativeLibrary.Load("e_sqlite3", typeof(SqliteLockWaitTests).Assembly, searchPath: null);
        var sleep = Marshal.GetDelegateForFunctionPointer<SqliteSleep>(NativeLibrary.GetExport(library, "sqlite3_sleep"));

        Assert.Equal(1, sleep(1));
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int SqliteSleep(int milliseconds);
}
