namespace Hiroba.CameraBridge.Janus;

/// <summary>
/// Janus refused a request (<c>{"janus":"error","error":{code,reason}}</c>, e.g. 403 for a wrong API secret, 458 for a
/// session it no longer has), a plugin answered with <c>error_code</c>, or Janus could not be reached at all (code 0).
/// </summary>
public sealed class JanusException(int code, string reason, Exception? inner = null)
    : Exception($"Janus: {reason} ({code})", inner)
{
    /// <summary>Janus's "no such session": it timed out or Janus restarted.</summary>
    public const int NoSuchSession = 458;

    public const int Unreachable = 0;

    public int Code { get; } = code;

    public string Reason { get; } = reason;
}
