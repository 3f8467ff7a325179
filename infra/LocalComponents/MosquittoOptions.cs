namespace Hiroba.LocalComponents;

/// <summary>How to run mosquitto in the production layout (see ARCHITECTURE.md, security model).</summary>
/// <param name="Directory">Folder for the generated config, password and ACL files (created if missing).</param>
/// <param name="ServiceUsername">The user services authenticate as on the internal listener.</param>
/// <param name="PublicTopics">Topics anonymous websocket clients may read; they may write nothing.</param>
/// <param name="PersistenceDirectory">Where mosquitto keeps its database; null keeps everything in memory.</param>
/// <param name="WebSocketBindAddress">The IPv4 address of the public websockets listener.</param>
public sealed record MosquittoOptions(
    string Directory,
    string ServiceUsername,
    string ServicePassword,
    IReadOnlyList<string> PublicTopics,
    string? PersistenceDirectory = null,
    string WebSocketBindAddress = "127.0.0.1",
    Action<string>? OnOutputLine = null);
