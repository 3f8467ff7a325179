using System.Globalization;
using System.Runtime.Versioning;

namespace Hiroba.LocalComponents;

/// <summary>
/// Debian's PostgreSQL (the <c>postgresql</c> package's newest server) as a cluster of its own in a folder: made by
/// <c>initdb</c> at the first start with one user whose password it checks (SCRAM, also on its socket), listening on
/// a loopback port, with the options' databases. Started by root, it runs as the package's <c>postgres</c> user (the
/// server refuses root). Stopped with SIGINT, PostgreSQL's fast shutdown, which ends open sessions instead of waiting.
/// </summary>
public sealed class PostgresServer : LocalComponent
{
    public const string User = "hiroba";

    private const string ServiceUser = "postgres";

    /// <summary>Lines of a dump kept: far more than a test's database has.</summary>
    private const int OutputLinesKept = 1_000_000;

    private readonly PostgresOptions _options;
    private readonly string _binaries = FindBinaries();

    public PostgresServer(PostgresOptions options)
        : base("postgres", options.OnOutputLine)
    {
        _options = options;
        Port = options.Port == 0 ? FreePorts.Tcp() : options.Port;
    }

    public int Port { get; }

    /// <summary>An Npgsql connection string for <see cref="User"/> on <paramref name="database"/>.</summary>
    public string ConnectionString(string database) => ConnectionString("127.0.0.1", Port, database, User, _options.Password);

    /// <summary>An Npgsql connection string; the password holds no <c>;</c> (<see cref="Secrets"/> makes URL-safe ones).</summary>
    public static string ConnectionString(string host, int port, string database, string username, string password) =>
        $"Host={host};Port={port};Database={database};Username={username};Password={password}";

    /// <summary>Everything <paramref name="database"/> holds, as <c>pg_dump</c> writes it (SQL): what an attacker with a copy would read.</summary>
    public async Task<string> DumpAsync(string database, CancellationToken cancellationToken) =>
        string.Join('\n', await RunToEndAsync(Client("pg_dump", "--no-owner", database), cancellationToken, OutputLinesKept));

    /// <summary>Runs SQL on <paramref name="database"/> with <c>psql</c>, stopping at the first error: a test playing a part.</summary>
    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken) =>
        await RunToEndAsync(Client("psql", "-d", database, "-v", "ON_ERROR_STOP=1", "-c", sql), cancellationToken);

    /// <summary>The cluster's files (private to the server's user, as initdb makes them).</summary>
    public string DataDirectory => Path.Combine(Path.GetFullPath(_options.Directory), "data");

    private string SocketDirectory => Path.Combine(Path.GetFullPath(_options.Directory), "socket");

    private string PortText => Port.ToString(CultureInfo.InvariantCulture);

    protected override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
        {
            return;
        }
        Directory.CreateDirectory(SocketDirectory);
        var passwordFile = Path.Combine(Path.GetFullPath(_options.Directory), "initdb-password");
        await SecretFile.WriteAsync(passwordFile, _options.Password, cancellationToken);
        try
        {
            if (PosixProcess.IsRoot && !OperatingSystem.IsWindows())
            {
                await RunToEndAsync(("chown", ["-R", $"{ServiceUser}:", _options.Directory]), cancellationToken);
                AllowTraversal(Path.GetDirectoryName(Path.GetFullPath(_options.Directory))!);
            }
            await RunToEndAsync(AsServiceUser("initdb",
                ["-D", DataDirectory, "-U", User, $"--pwfile={passwordFile}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
                cancellationToken);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    /// <summary>
    /// The server's user must pass through the folder that holds the cluster's (./run's data folder is private to the
    /// user that runs it): search permission only, so it can neither list the folder nor read its other files.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static void AllowTraversal(string folder)
    {
        var mode = File.GetUnixFileMode(folder);
        if (!mode.HasFlag(UnixFileMode.OtherExecute))
        {
            File.SetUnixFileMode(folder, mode | UnixFileMode.OtherExecute);
        }
    }

    protected override ChildProcessOptions DescribeProcess()
    {
        var (fileName, arguments) = AsServiceUser("postgres", [
            "-D", DataDirectory,
            "-c", "listen_addresses=127.0.0.1",
            "-c", $"port={PortText}",
            "-c", $"unix_socket_directories={SocketDirectory}",
            "-c", $"synchronous_commit={(_options.SyncCommits ? "on" : "off")}",
        ]);
        return ProcessOptions(fileName, arguments) with { StopSignal = PosixProcess.SigInt };
    }

    protected override async Task WaitUntilReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitUntilReadyAsync($"pg_isready on port {Port}", IsReadyAsync, ReadyTimeout, cancellationToken);
        foreach (var database in _options.Databases)
        {
            var found = await RunToEndAsync(Client("psql", "-d", "postgres", "-tAc", $"SELECT 1 FROM pg_database WHERE datname = '{database}'"),
                cancellationToken);
            if (found.All(string.IsNullOrWhiteSpace))
            {
                await RunToEndAsync(Client("createdb", database), cancellationToken);
            }
        }
    }

    private async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        var (fileName, arguments) = Client("pg_isready", "-q");
        await using var probe = ChildProcess.Start(new ChildProcessOptions("pg_isready", fileName, arguments));
        return await probe.Exited.WaitAsync(cancellationToken) == 0;
    }

    /// <summary>A client program of the package, connecting as <see cref="User"/> over TCP.</summary>
    private (string, IReadOnlyList<string>) Client(string program, params string[] arguments) =>
        (Path.Combine(_binaries, program), ["-h", "127.0.0.1", "-p", PortText, "-U", User, .. arguments]);

    /// <summary>A server program of the package, as the <c>postgres</c> user when this process is root.</summary>
    private (string, IReadOnlyList<string>) AsServiceUser(string program, IReadOnlyList<string> arguments) =>
        PosixProcess.IsRoot
            ? ("setpriv", ["--reuid", ServiceUser, "--regid", ServiceUser, "--init-groups", "--", Path.Combine(_binaries, program), .. arguments])
            : (Path.Combine(_binaries, program), arguments);

    /// <returns>Its output lines (the last <paramref name="linesKept"/>).</returns>
    private async Task<IReadOnlyList<string>> RunToEndAsync(
        (string FileName, IReadOnlyList<string> Arguments) command, CancellationToken cancellationToken, int linesKept = 200)
    {
        await using var run = ChildProcess.Start(new ChildProcessOptions(
            Path.GetFileName(command.FileName), command.FileName, command.Arguments,
            Environment: new Dictionary<string, string?> { ["PGPASSWORD"] = _options.Password }, OutputLinesKept: linesKept));
        var exitCode = await run.Exited.WaitAsync(cancellationToken);
        return exitCode == 0
            ? run.RecentOutput
            : throw new ChildProcessException(
                $"{command.FileName} {string.Join(' ', command.Arguments)} exited with code {exitCode}.", run.RecentOutput);
    }

    /// <summary>The newest server version the package installed, e.g. <c>/usr/lib/postgresql/15/bin</c>.</summary>
    private static string FindBinaries()
    {
        const string Root = "/usr/lib/postgresql";
        var newest = Directory.Exists(Root)
            ? Directory.GetDirectories(Root)
                .Where(version => File.Exists(Path.Combine(version, "bin", "postgres")))
                .MaxBy(version => int.TryParse(Path.GetFileName(version), out var number) ? number : 0)
            : null;
        return newest is null
            ? throw new ChildProcessException($"PostgreSQL is not installed (no {Root}/*/bin/postgres): apt install postgresql.", [])
            : Path.Combine(newest, "bin");
    }
}
