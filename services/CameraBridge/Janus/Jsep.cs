namespace Hiroba.CameraBridge.Janus;

/// <summary>A session description as Janus carries it beside a message: <c>{"type":"offer"|"answer","sdp":"…"}</c>.</summary>
public sealed record Jsep(string Type, string Sdp);
