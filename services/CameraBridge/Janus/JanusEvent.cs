using System.Text.Json;

namespace Hiroba.CameraBridge.Janus;

/// <summary>
/// What Janus says about a handle: <c>janus</c> is <c>event</c> (the plugin speaks: <see cref="Data"/> is its
/// <c>plugindata.data</c>, maybe with a <see cref="Jsep"/>), or Janus's own <c>webrtcup</c>, <c>media</c>,
/// <c>slowlink</c>, <c>hangup</c> and <c>detached</c>.
/// </summary>
/// <param name="Reason">A <c>hangup</c>'s reason, e.g. "DTLS alert".</param>
public sealed record JanusEvent(string Janus, JsonElement? Data, Jsep? Jsep, string? Reason = null);
