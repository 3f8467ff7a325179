namespace Hiroba.LocalComponents;

/// <summary>How to run Debian's PostgreSQL for the services that share a database (Feed when it runs as several replicas).</summary>
/// <param name="Directory">Folder for the cluster's files (created by <c>initdb</c> at the first start) and its socket.</param>
/// <param name="Password">The password of <see cref="PostgresServer.User"/>; the cluster accepts nothing else (SCRAM).</param>
/// <param name="Port">The port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="Databases">The databases to create (one per service that uses it); they are made at the first start.</param>
/// <param name="SyncCommits">
/// PostgreSQL's <c>synchronous_commit</c>: on, a commit is answered after its disk sync; off, a commit survives the
/// server crashing but the last moments' commits may roll back after a crash of the machine (what SQLite's
/// <c>ProcessCrash</c> promises). The database is never corrupted either way.
/// </param>
public sealed record PostgresOptions(
    string Directory,
    string Password,
    IReadOnlyList<string> Databases,
    int Port = 0,
    bool SyncCommits = true,
    Action<string>? OnOutputLine = null);
