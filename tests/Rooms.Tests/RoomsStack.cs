using System.Text;
using Hiroba.TestSupport;

namespace Hiroba.Rooms.Tests;

/// <summary>mosquitto, coturn, the Rooms service (on SQLite) and the gateway in front of it.</summary>
public class RoomsStack() : HirobaStack("Rooms")
{
    /// <summary>What the database holds on disk (<c>rooms.db</c> and its write-ahead log, as Latin-1 text), to look for secrets in.</summary>
    public virtual async Task<string> ReadStoredAsync()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(DataPath("Rooms"), "rooms.db*"))
        {
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            text.Append(await reader.ReadToEndAsync());
        }
        return text.ToString();
    }
}

/// <summary>The same with Rooms on PostgreSQL.</summary>
public sealed class PostgresRoomsStack : RoomsStack
{
    public PostgresFixture Database { get; } = new();

    public override async Task InitializeAsync()
    {
        await Database.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>What the database holds, as <c>pg_dump</c> writes it.</summary>
    public override Task<string> ReadStoredAsync() => Database.Server.DumpAsync("rooms", CancellationToken.None);

    protected override IDictionary<string, string?> SettingsFor(string serviceName)
    {
        var settings = base.SettingsFor(serviceName);
        Database.AddStorageSettings(settings, serviceName);
        return settings;
    }
}
